"""Sending the daily digest (or, with dry_run, saying what each user would receive)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from bansou.accounts.models import User
from bansou.audit.services import log_action
from bansou.core.permissions import Capability, roles_with
from bansou.organizations.models import Organization

from . import digest as digests
from .models import DigestChannel, DigestSent, ReminderSetting

logger = logging.getLogger(__name__)


@dataclass
class Delivery:
    user: User
    sent: bool
    note: str  # why nothing was sent, or to where it went
    subject: str = ""
    body: str = ""


def digest_choice(user) -> str:
    setting = ReminderSetting.objects.filter(user=user).values_list("digest", flat=True).first()
    return setting or DigestChannel.EMAIL


def set_digest_choice(user, choice: str) -> ReminderSetting:
    setting, _created = ReminderSetting.objects.update_or_create(
        user=user, defaults={"organization_id": user.organization_id, "digest": choice}
    )
    log_action(setting, "reminders.setting.updated", user, {"digest": {"new": choice}})
    return setting


def recipients(organization):
    """The chamber's active users who carry cases, in a stable order."""
    return (
        User.objects.filter(
            organization=organization,
            is_active=True,
            role__in=roles_with(Capability.RECORDS_WRITE),
        )
        .select_related("reminder_setting")
        .order_by("username")
    )


def render(digest: digests.Digest) -> tuple[str, str]:
    subject = _("[bansou] Follow-ups and actions for %(today)s") % {
        "today": digest.today.strftime("%m/%d")
    }
    body = render_to_string(
        "reminders/digest.txt", {"digest": digest, "url": settings.BANSOU_SITE_URL}
    )
    return subject, body


def deliver(user, today: date, *, dry_run: bool = False) -> Delivery:
    """The user's digest of `today`, sent at most once that day (DigestSent)."""
    setting = getattr(user, "reminder_setting", None)
    if setting is not None and setting.digest == DigestChannel.NONE:
        return Delivery(user, False, _("Not sent: this user chose no reminders."))
    if DigestSent.objects.filter(user=user, day=today).exists():
        return Delivery(user, False, _("Not sent again: today's digest went out already."))
    digest = digests.build(user, today)
    if digest.is_empty:
        return Delivery(user, False, _("Not sent: nothing is due."))
    subject, body = render(digest)
    if not user.email:
        return Delivery(
            user,
            False,
            _(
                "Not sent: no e-mail address is registered for this user "
                "(set it on the admin site)."
            ),
            subject,
            body,
        )
    if dry_run:
        return Delivery(
            user, False, _("Would be sent to %(email)s") % {"email": user.email}, subject, body
        )
    try:
        with transaction.atomic():
            # Recorded first, in the send's transaction: a failed send leaves no record (the
            # next run tries again), and a second sender meets the unique key and sends nothing.
            DigestSent.objects.create(organization_id=user.organization_id, user=user, day=today)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return Delivery(user, False, _("Not sent again: today's digest went out already."))
    return Delivery(user, True, _("Sent to %(email)s") % {"email": user.email}, subject, body)


def send_digests(organization, today: date, *, dry_run: bool = False) -> list[Delivery]:
    return [deliver(user, today, dry_run=dry_run) for user in recipients(organization)]


def send_digests_of_day(today: date) -> int:
    """Every chamber's digests of `today` not sent yet (the daily task); how many went out. A
    user whose mail fails is logged and tried again by the next run; the others still get
    theirs."""
    sent = 0
    for organization in Organization.objects.order_by("slug"):
        for user in recipients(organization):
            try:
                sent += deliver(user, today).sent
            except Exception:  # one user's failed mail must not keep the others' from going
                logger.exception("daily digest of %s not sent", user.username)
    return sent
