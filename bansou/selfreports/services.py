"""Report links: issue one for a plan's due period, take the owner's figures, confirm them.

For other parts of the product (the 「ご報告のお願い」 letters print the link):

    report_link_for(plan, period, actor=None) -> str

returns the absolute URL of the plan's open link for that period (a ReportPeriod of
followups.rules or its number), issuing one when there is none or the old one expired.
Absolute when settings.BANSOU_PUBLIC_URL is set (e.g. https://bansou.example.jp), else the
path. Refused (DomainError) when the period's report is already recorded or confirmed.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.business_plans.models import BusinessPlan
from bansou.core.errors import DomainError
from bansou.followups import rules
from bansou.followups import services as followups
from bansou.followups.models import FollowUpReport
from bansou.lib.eras import fiscal_year

from . import tokens
from .models import LinkStatus, ReportLink

# How long a link stays valid after it is issued (the letter asks for a reply in 14 days;
# owners are late, and staff can renew a link).
LINK_VALID_DAYS = 60
SUBMITTED_FIELDS = ("sales", "profit", "wants_support", "comment")
LINK_FIELDS = ("period_number", "created_at", "expires_at")


def link_path(link: ReportLink) -> str:
    return reverse("selfreports:form", kwargs={"token": tokens.token_for(link.nonce)})


def link_url(link: ReportLink) -> str:
    base = getattr(settings, "BANSOU_PUBLIC_URL", "").rstrip("/")
    return base + link_path(link)


def _period_number(period) -> int:
    return period if isinstance(period, int) else period.number


def _check_not_reported(plan: BusinessPlan, number: int) -> None:
    for report in plan.reports.only("pk", "reported_on"):
        if rules.period_of_report(plan.completed_on, report.reported_on).number == number:
            raise DomainError(
                _("The report for this period is already recorded: no link is needed."),
                code="reported",
            )


@transaction.atomic
def issue_link(plan: BusinessPlan, period, *, actor, renew: bool = False) -> ReportLink:
    """The plan's link for a period: the open one, else a new one (a new nonce and expiry).

    `renew` replaces an open link too (the old address stops working at once)."""
    number = _period_number(period)
    if not plan.is_followed:
        raise DomainError(_("The plan is not completed: there is no report to ask for."))
    now = timezone.now()
    link = (
        ReportLink.objects.select_for_update()
        .filter(organization=plan.organization_id, plan=plan, period_number=number)
        .first()
    )
    if link is not None:
        status = link.status(now)
        if status == LinkStatus.CONFIRMED:
            raise DomainError(
                _("The business's report for this period is confirmed: no link is needed."),
                code="confirmed",
            )
        if status == LinkStatus.SUBMITTED:
            raise DomainError(
                _("The business has sent its report for this period: confirm it."),
                code="submitted",
            )
        if status == LinkStatus.OPEN and not renew:
            return link
    _check_not_reported(plan, number)
    expires_at = now + timedelta(days=LINK_VALID_DAYS)
    if link is None:
        link = ReportLink.objects.create(
            organization_id=plan.organization_id,
            plan=plan,
            period_number=number,
            nonce=tokens.new_nonce(),
            created_by=actor if getattr(actor, "pk", None) else None,
            created_at=now,
            expires_at=expires_at,
        )
        log_action(
            link, "selfreports.link.created", actor, diff(link, {}, snapshot(link, LINK_FIELDS))
        )
    else:
        before = snapshot(link, LINK_FIELDS)
        link.nonce = tokens.new_nonce()
        link.created_at = now
        link.created_by = actor if getattr(actor, "pk", None) else None
        link.expires_at = expires_at
        link.save(update_fields=["nonce", "created_at", "created_by", "expires_at"])
        log_action(
            link, "selfreports.link.updated", actor, diff(link, before, snapshot(link, LINK_FIELDS))
        )
    return link


def due_period(plan: BusinessPlan, today: date) -> rules.ReportPeriod:
    """The period a link asks about: the one whose report is due and not recorded (the same
    as the reminder letter; DomainError with the reason when there is none)."""
    return followups.report_request(plan, today).period


def report_link_for(plan: BusinessPlan, period, *, actor=None) -> str:
    """The URL a letter prints for a plan and period (see the module docstring)."""
    return link_url(issue_link(plan, period, actor=actor))


def find_link(token: str) -> ReportLink | None:
    """The link a token names; None for a forged, altered or revoked token."""
    nonce = tokens.nonce_from(token)
    if nonce is None:
        return None
    return (
        ReportLink.objects.select_related("plan__business", "organization")
        .filter(nonce=nonce)
        .first()
    )


def period_of_plan(plan: BusinessPlan, number: int) -> rules.ReportPeriod:
    return rules.report_period(plan.completed_on, number)


def period_of(link: ReportLink) -> rules.ReportPeriod:
    return period_of_plan(link.plan, link.period_number)


class LinkClosed(DomainError):
    """The link no longer takes a report (confirmed or expired)."""


def _check_open_for_owner(link: ReportLink, now) -> None:
    status = link.status(now)
    if status == LinkStatus.CONFIRMED:
        raise LinkClosed(
            _("This report has already been received and confirmed by the chamber."),
            code="confirmed",
        )
    if link.expires_at <= now:
        raise LinkClosed(_("This link has expired."), code="expired")


@transaction.atomic
def submit(
    link: ReportLink, *, sales, profit, wants_support: bool, comment: str = "", address=None
):
    """Store what the owner sent; until an advisor confirms it the owner may correct it."""
    now = timezone.now()
    link = ReportLink.objects.select_for_update().get(pk=link.pk)
    _check_open_for_owner(link, now)
    before = snapshot(link, SUBMITTED_FIELDS)
    link.sales, link.profit = sales, profit
    link.wants_support, link.comment = wants_support, comment
    link.submitted_at = now
    link.save(update_fields=[*SUBMITTED_FIELDS, "submitted_at"])
    changes = diff(link, before, snapshot(link, SUBMITTED_FIELDS))
    log_action(link, "selfreports.link.submitted", None, changes, address=address)
    return link


def report_date(link: ReportLink) -> date:
    """The date the confirmed report carries: the day the owner sent it, kept inside the
    window that followups.rules.period_of_report assigns to the link's period (a reply sent
    very late still answers the period it was asked for)."""
    sent = timezone.localdate(link.submitted_at)
    months = rules.REPORT_INTERVAL_MONTHS * link.period_number + rules.REPORT_INTERVAL_MONTHS // 2
    latest = rules.add_months(link.plan.completed_on, months) - timedelta(days=1)
    return min(sent, latest)


def period_fiscal_year(link: ReportLink) -> int:
    """The plan year the figures most likely belong to: that of the period's last day."""
    year = fiscal_year(period_of(link).end)
    baseline = link.plan.baseline_fiscal_year
    return max(year, baseline + 1) if baseline is not None else year


@transaction.atomic
def confirm(link: ReportLink, *, actor, seen_submitted_at=None, **report) -> FollowUpReport:
    """Record the follow-up report from what the owner sent (the advisor may correct it);
    the group follows from followups.services.record_report (DOMAIN §3). The link is closed."""
    link = ReportLink.objects.select_for_update().select_related("plan").get(pk=link.pk)
    if link.confirmed_at is not None:
        raise DomainError(_("This report has already been confirmed."), code="confirmed")
    if link.submitted_at is None:
        raise DomainError(_("The business has not sent a report yet."), code="not_submitted")
    if seen_submitted_at is not None and seen_submitted_at != link.submitted_at:
        raise DomainError(
            _(
                "The business corrected its report while this page was open. The page now "
                "shows the new figures: check them and confirm again."
            ),
            code="changed",
        )
    recorded = followups.record_report(link.plan, actor=actor, **report)
    link.confirmed_at = timezone.now()
    link.confirmed_by = actor
    link.report = recorded
    link.save(update_fields=["confirmed_at", "confirmed_by", "report"])
    log_action(
        link, "selfreports.link.confirmed", actor, diff(link, {}, snapshot(link, ["report"]))
    )
    return recorded
