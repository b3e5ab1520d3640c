"""Recording six-monthly reports and contacts; each keeps the plan's group and due dates."""

from datetime import date

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
    """Store a six-monthly report and put the business in its group (DOMAIN §3)."""
    plan = _locked_plan(plan)
    _check_followed(plan)
    _check_date(plan, reported_on, _report_date_messages())
    if period_fiscal_year is None:
        raise DomainError(_("Choose the plan year the figures belong to."))
    if plan.baseline_fiscal_year is not None and period_fiscal_year <= plan.baseline_fiscal_year:
        raise DomainError(_("The figures must belong to a plan year after the baseline year."))

    profit_trend = rules.trend(profit, plan.baseline_profit)
    sales_trend = rules.trend(sales, plan.baseline_sales)
    group = rules.group(profit_trend, sales_trend, wants_support)
    target = plan.year_targets.filter(fiscal_year=period_fiscal_year).first()
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
        profit_trend=profit_trend,
        sales_trend=sales_trend,
        group=group,
        next_contact_due=rules.next_due(reported_on, group),
        profit_increased=rules.profit_increased(profit, plan.baseline_profit),
        targets_met=rules.targets_met(sales, profit, target),
    )
    report.capture_business_facts()
    report.save()
    log_action(
        report,
        "followups.report.created",
        actor,
        diff(report, {}, snapshot(report, REPORT_FIELDS)),
    )

    # A report entered late (older than the last one) is kept and counted, but the newest
    # report decides the group: "a business re-enters a group at each report" (DOMAIN §3).
    if plan.last_reported_on is None or reported_on >= plan.last_reported_on:
        before = snapshot(plan, PLAN_FOLLOW_UP_FIELDS)
        plan.follow_up_group = group
        plan.follow_up_due = report.next_contact_due
        plan.last_reported_on = reported_on
        plan.next_report_due = rules.report_due(reported_on)
        _save_follow_up(plan, before, actor)
    return report


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
