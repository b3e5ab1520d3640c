"""Sending the daily digest (or, with dry_run, saying what each user would receive)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from bansou.accounts.models import User
from bansou.audit.services import log_action
from bansou.core.permissions import Capability, roles_with

from . import digest as digests
from .models import DigestChannel, ReminderSetting


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
    setting = getattr(user, "reminder_setting", None)
    if setting is not None and setting.digest == DigestChannel.NONE:
        return Delivery(user, False, _("Not sent: this user chose no reminders."))
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
    send_mail(subject, body, None, [user.email])
    return Delivery(user, True, _("Sent to %(email)s") % {"email": user.email}, subject, body)


def send_digests(organization, today: date, *, dry_run: bool = False) -> list[Delivery]:
    return [deliver(user, today, dry_run=dry_run) for user in recipients(organization)]
