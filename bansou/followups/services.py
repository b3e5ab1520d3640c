"""Recording six-monthly reports and contacts; each keeps the plan's group and due dates."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.business_plans.models import BusinessPlan
from bansou.core.errors import DomainError
from bansou.lib.eras import format_wareki

from . import rules
from .models import FollowUpContact, FollowUpReport

REPORT_FIELDS = (
    "reported_on",
    "period_fiscal_year",
    "sales",
    "profit",
    "wants_support",
    "note",
    "profit_trend",
    "sales_trend",
    "group",
    "next_contact_due",
    "profit_increased",
    "targets_met",
)
CONTACT_FIELDS = ("contacted_on", "channel", "note", "support_record")
# How long a business has to send its figures after the letter asking for them.
REPORT_REPLY_DAYS = 14
PLAN_FOLLOW_UP_FIELDS = ("follow_up_group", "follow_up_due", "last_reported_on", "next_report_due")


def _locked_plan(plan: BusinessPlan) -> BusinessPlan:
    """The stored plan, locked: two reports recorded at once must not interleave their dates."""
    return (
        BusinessPlan.objects.select_for_update(of=("self",))
        .select_related("business__district")
        .get(organization=plan.organization_id, pk=plan.pk)
    )


def _check_followed(plan: BusinessPlan) -> None:
    if not plan.is_followed:
        raise DomainError(
            _(
                "%(business)s has no completed plan: follow-up reports and contacts start once "
                "the plan is completed."
            )
            % {"business": plan.business.name},
            code="no_plan",
        )


def _check_date(plan: BusinessPlan, on: date | None, messages: dict[str, str]) -> None:
    if on is None:
        raise DomainError(messages["missing"])
    if on > timezone.localdate():
        raise DomainError(messages["future"])
    if on < plan.completed_on:
        raise DomainError(messages["before_plan"] % {"date": format_wareki(plan.completed_on)})


def _report_date_messages() -> dict[str, str]:
    return {
        "missing": _("Enter the date of the report."),
        "future": _("The report is dated in the future."),
        "before_plan": _("The report is dated before the plan was completed (%(date)s)."),
    }


def _contact_date_messages() -> dict[str, str]:
    return {
        "missing": _("Enter the date of the contact."),
        "future": _("The contact is dated in the future."),
        "before_plan": _("The contact is dated before the plan was completed (%(date)s)."),
    }


class DuplicateReportError(DomainError):
    """A second report for a period that has one: the view offers to edit `report`."""

    def __init__(self, report: FollowUpReport, period: rules.ReportPeriod) -> None:
        super().__init__(
            _(
                "The report for the period from %(start)s to %(end)s was already recorded on "
                "%(recorded)s. A period has one report: to change its figures, edit that "
                "report."
            )
            % {
                "start": format_wareki(period.start),
                "end": format_wareki(period.end),
                "recorded": format_wareki(report.reported_on),
            },
            code="duplicate_period",
        )
        self.report = report


def _check_period_free(plan: BusinessPlan, reported_on: date, editing=None) -> None:
    period = rules.period_of_report(plan.completed_on, reported_on)
    others = plan.reports.exclude(pk=editing.pk) if editing is not None else plan.reports.all()
    for other in others.only("pk", "reported_on").order_by("reported_on", "pk"):
        if rules.period_of_report(plan.completed_on, other.reported_on) == period:
            raise DuplicateReportError(other, period)


def _report_values(plan: BusinessPlan, *, reported_on, sales, profit, wants_support, period_fy):
    """The figures a report derives from what was reported (trends, group, outcomes)."""
    if period_fy is None:
        raise DomainError(_("Choose the plan year the figures belong to."))
    if plan.baseline_fiscal_year is not None and period_fy <= plan.baseline_fiscal_year:
        raise DomainError(_("The figures must belong to a plan year after the baseline year."))
    profit_trend = rules.trend(profit, plan.baseline_profit)
    sales_trend = rules.trend(sales, plan.baseline_sales)
    group = rules.group(profit_trend, sales_trend, wants_support)
    target = plan.year_targets.filter(fiscal_year=period_fy).first()
    return {
        "profit_trend": profit_trend,
        "sales_trend": sales_trend,
        "group": group,
        "next_contact_due": rules.next_due(reported_on, group),
        "profit_increased": rules.profit_increased(profit, plan.baseline_profit),
        "targets_met": rules.targets_met(sales, profit, target),
    }


def _latest_report(plan: BusinessPlan):
    return plan.reports.order_by("-reported_on", "-pk").first()


def _follow_latest_report(plan: BusinessPlan, actor, changed: FollowUpReport, was_latest=False):
    """The newest report decides the group: "a business re-enters a group at each report"
    (DOMAIN §3); the next report is due at the end of the period after the one it answered.

    Only when `changed` is (or was) the newest: an older report entered late leaves the group
    and the contact due date (which contacts move on) alone."""
    latest = _latest_report(plan)
    if latest is None or (latest.pk != changed.pk and not was_latest):
        return
    before = snapshot(plan, PLAN_FOLLOW_UP_FIELDS)
    period = rules.period_of_report(plan.completed_on, latest.reported_on)
    plan.follow_up_group = latest.group
    plan.follow_up_due = latest.next_contact_due
    plan.last_reported_on = latest.reported_on
    plan.next_report_due = rules.report_period(plan.completed_on, period.number + 1).due
    if snapshot(plan, PLAN_FOLLOW_UP_FIELDS) != before:
        _save_follow_up(plan, before, actor)


@transaction.atomic
def record_report(
    plan: BusinessPlan,
    *,
    reported_on: date | None,
    sales: int | None,
    profit: int | None,
    wants_support: bool,
    period_fiscal_year: int | None,
    actor,
    note: str = "",
) -> FollowUpReport:
    """Store a six-monthly report and put the business in its group (DOMAIN §3).

    A period of the plan's schedule has one report: a second is refused (DuplicateReportError),
    so that recording the same letter twice cannot flip the group."""
    plan = _locked_plan(plan)
    _check_followed(plan)
    _check_date(plan, reported_on, _report_date_messages())
    derived = _report_values(
        plan,
        reported_on=reported_on,
        sales=sales,
        profit=profit,
        wants_support=wants_support,
        period_fy=period_fiscal_year,
    )
    _check_period_free(plan, reported_on)
    report = FollowUpReport(
        plan=plan,
        business=plan.business,
        staff=actor,
        reported_on=reported_on,
        period_fiscal_year=period_fiscal_year,
        sales=sales,
        profit=profit,
        wants_support=wants_support,
        note=note,
        **derived,
    )
    report.capture_business_facts()
    report.save()
    log_action(
        report,
        "followups.report.created",
        actor,
        diff(report, {}, snapshot(report, REPORT_FIELDS)),
    )
    # A report entered late (older than the last one) is kept and counted; the newest decides.
    _follow_latest_report(plan, actor, report)
    return report


@transaction.atomic
def update_report(
    report: FollowUpReport,
    *,
    reported_on: date | None,
    sales: int | None,
    profit: int | None,
    wants_support: bool,
    period_fiscal_year: int | None,
    actor,
    note: str = "",
    lock_version: int | None = None,
) -> FollowUpReport:
    """Correct a recorded report; its group and the plan's due dates follow the new figures.

    `lock_version` is the version the user's page showed: the save is refused if it moved on.
    """
    plan = _locked_plan(report.plan)
    report = FollowUpReport.objects.select_for_update().get(pk=report.pk, plan=plan)
    if lock_version is not None:
        report.lock_version = lock_version
    _check_date(plan, reported_on, _report_date_messages())
    derived = _report_values(
        plan,
        reported_on=reported_on,
        sales=sales,
        profit=profit,
        wants_support=wants_support,
        period_fy=period_fiscal_year,
    )
    _check_period_free(plan, reported_on, editing=report)
    was_latest = _latest_report(plan).pk == report.pk
    before = snapshot(report, REPORT_FIELDS)
    report.reported_on = reported_on
    report.period_fiscal_year = period_fiscal_year
    report.sales = sales
    report.profit = profit
    report.wants_support = wants_support
    report.note = note
    for name, value in derived.items():
        setattr(report, name, value)
    report.save()
    log_action(
        report,
        "followups.report.updated",
        actor,
        diff(report, before, snapshot(report, REPORT_FIELDS)),
    )
    _follow_latest_report(plan, actor, report, was_latest)
    return report


@dataclass(frozen=True)
class ReportRequest:
    """What the letter asking for a report (ご報告のお願い) asks for."""

    period: rules.ReportPeriod
    reply_by: date


def report_request(plan: BusinessPlan, today: date) -> ReportRequest:
    """The period whose report is due and not yet recorded, and the date to reply by.

    Refused (DomainError) when there is nothing to ask for: the plan is not completed, no
    report is due yet, or the due period's report is recorded."""
    _check_followed(plan)
    period = rules.latest_due_period(plan.completed_on, today)
    if period is None:
        first = rules.report_period(plan.completed_on, 1)
        raise DomainError(
            _(
                "No report is due yet: the first report covers %(start)s to %(end)s and is "
                "due on %(due)s. The letter can be printed from that day."
            )
            % {
                "start": format_wareki(first.start),
                "end": format_wareki(first.end),
                "due": format_wareki(first.due),
            },
            code="not_due",
        )
    for report in plan.reports.only("pk", "reported_on"):
        if rules.period_of_report(plan.completed_on, report.reported_on) == period:
            following = rules.report_period(plan.completed_on, period.number + 1)
            raise DomainError(
                _(
                    "The report for %(start)s to %(end)s was recorded on %(recorded)s. The next "
                    "report is due on %(due)s; the letter can be printed from that day."
                )
                % {
                    "start": format_wareki(period.start),
                    "end": format_wareki(period.end),
                    "recorded": format_wareki(report.reported_on),
                    "due": format_wareki(following.due),
                },
                code="reported",
            )
    # The business needs time to close its books for the period: never before the due day.
    reply_by = max(today, period.due) + timedelta(days=REPORT_REPLY_DAYS)
    return ReportRequest(period=period, reply_by=reply_by)


@transaction.atomic
def record_contact(
    plan: BusinessPlan,
    *,
    contacted_on: date | None,
    channel: str,
    note: str = "",
    support_record=None,
    actor,
) -> FollowUpContact:
    """Store a contact; it moves the next contact due by the group's interval."""
    plan = _locked_plan(plan)
    _check_followed(plan)
    _check_date(plan, contacted_on, _contact_date_messages())
    if support_record is not None and (
        support_record.organization_id != plan.organization_id
        or support_record.business_id != plan.business_id
    ):
        raise DomainError(_("The support record belongs to another business."))
    contact = FollowUpContact(
        plan=plan,
        business=plan.business,
        staff=actor,
        contacted_on=contacted_on,
        channel=channel,
        note=note,
        support_record=support_record,
    )
    contact.capture_business_facts()
    contact.save()
    log_action(
        contact,
        "followups.contact.created",
        actor,
        diff(contact, {}, snapshot(contact, CONTACT_FIELDS)),
    )
    # Before the first report there is no group yet: the report itself is what is due.
    if plan.follow_up_group is not None:
        moved = rules.next_due(contacted_on, plan.follow_up_group)
        # A contact entered late never brings the due date back: only a later contact moves it.
        if plan.follow_up_due is None or moved > plan.follow_up_due:
            before = snapshot(plan, PLAN_FOLLOW_UP_FIELDS)
            plan.follow_up_due = moved
            _save_follow_up(plan, before, actor)
    return contact


def _save_follow_up(plan: BusinessPlan, before: dict, actor) -> None:
    plan.save(update_fields=[*PLAN_FOLLOW_UP_FIELDS, "updated_at"])
    changes = diff(plan, before, snapshot(plan, PLAN_FOLLOW_UP_FIELDS))
    if changes:
        log_action(plan, "followups.plan.rescheduled", actor, changes)
