"""Operations on business plans; each checks its rules and writes its audit entry atomically."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.followups import rules as followup_rules

from . import rules
from .choices import PlanStatus
from .models import BusinessPlan, PlanYearTarget

AUDITED_FIELDS = (
    "title",
    "kind",
    "is_dx",
    "summary",
    "status",
    "started_on",
    "completed_on",
    "approved_on",
    "approving_body",
    "consultations",
    "staff",
    "analysis",
    "baseline_fiscal_year",
    "baseline_sales",
    "baseline_profit",
    "follow_up_due",
    "next_report_due",
    "succession_timing",
    "succession_shares_assets",
    "succession_know_how",
    "turnaround_causes",
    "turnaround_measures",
    "turnaround_repayment",
    "dx_productivity",
    "dx_channels",
    "dx_edi",
)


@dataclass(frozen=True)
class YearFigures:
    """One row of the numeric plan as entered: sales and profit in thousand yen."""

    fiscal_year: int
    sales: int | None
    profit: int | None


def _targets_text(targets: Sequence[YearFigures | PlanYearTarget]) -> str:
    """The numeric plan as one audit value, e.g. "2025: 12,000 / 800; 2026: …"."""

    def amount(value):
        return "—" if value is None else f"{value:,}"

    rows = sorted(targets, key=lambda t: t.fiscal_year)
    return "; ".join(f"{t.fiscal_year}: {amount(t.sales)} / {amount(t.profit)}" for t in rows)


def _check_plan(plan: BusinessPlan, targets: Sequence[YearFigures]) -> None:
    analysis = plan.analysis if plan.analysis_id is not None else None
    if analysis is not None:
        if (analysis.organization_id, analysis.business_id) != (
            plan.organization_id,
            plan.business_id,
        ):
            raise DomainError(_("The analysis belongs to another business."))
        if plan.completed_on is not None and plan.completed_on < analysis.analysed_on:
            raise DomainError(
                _("The plan was completed before this analysis was made; choose an earlier one.")
            )
    if targets:
        errors = rules.year_target_errors(
            plan.baseline_fiscal_year, [t.fiscal_year for t in targets]
        )
        if errors:
            raise DomainError(" ".join(errors))


def _replace_targets(plan: BusinessPlan, targets: Sequence[YearFigures]) -> None:
    plan.year_targets.all().delete()
    PlanYearTarget.objects.bulk_create(
        PlanYearTarget(
            organization_id=plan.organization_id,
            plan=plan,
            fiscal_year=t.fiscal_year,
            sales=t.sales,
            profit=t.profit,
        )
        for t in targets
    )


def _targets_change(before: str, after: str) -> dict:
    if before == after:
        return {}
    return {"year_targets": {"label": str(_("yearly targets")), "old": before, "new": after}}


@transaction.atomic
def create_plan(plan: BusinessPlan, targets: Sequence[YearFigures], *, actor) -> BusinessPlan:
    """Save a new plan (drafting) with its yearly targets."""
    plan.status = PlanStatus.DRAFTING
    plan.completed_on = plan.approved_on = None
    plan.capture_business_facts()
    _check_plan(plan, targets)
    plan.save()
    _replace_targets(plan, targets)
    changes = diff(plan, {}, snapshot(plan, AUDITED_FIELDS))
    changes |= _targets_change("", _targets_text(targets))
    log_action(plan, "business_plans.plan.created", actor, changes)
    return plan


@transaction.atomic
def update_plan(plan: BusinessPlan, targets: Sequence[YearFigures], *, actor) -> BusinessPlan:
    """Save an edited plan and replace its yearly targets."""
    stored = _locked(plan)
    before = snapshot(stored, AUDITED_FIELDS)
    targets_before = _targets_text(list(stored.year_targets.all()))
    if plan.is_followed and not targets:
        raise DomainError(_("A completed plan keeps its yearly targets."))
    _check_plan(plan, targets)
    plan.save()
    _replace_targets(plan, targets)
    changes = diff(plan, before, snapshot(plan, AUDITED_FIELDS))
    changes |= _targets_change(targets_before, _targets_text(targets))
    if changes:
        log_action(plan, "business_plans.plan.updated", actor, changes)
    return plan


@transaction.atomic
def complete_plan(plan: BusinessPlan, completed_on: date | None, *, actor) -> BusinessPlan:
    """Mark a drafted plan completed; from then on it reports every six months (DOMAIN §3)."""
    plan = _locked(plan)
    if plan.status != PlanStatus.DRAFTING:
        raise DomainError(_("This plan is already completed."))
    errors = rules.completion_date_errors(
        completed_on,
        started_on=plan.started_on,
        analysed_on=plan.analysis.analysed_on if plan.analysis_id else None,
        today=timezone.localdate(),
    )
    targets = list(plan.year_targets.all())
    errors += rules.year_target_errors(plan.baseline_fiscal_year, [t.fiscal_year for t in targets])
    if errors:
        raise DomainError(" ".join(errors))
    before = snapshot(plan, AUDITED_FIELDS)
    plan.status = PlanStatus.COMPLETED
    plan.completed_on = completed_on
    # The counts use the business's facts when the plan was made (businesses/records.py).
    plan.capture_business_facts()
    # plan §7: the first six-monthly report is due six months after completion.
    plan.next_report_due = followup_rules.report_due(completed_on)
    plan.follow_up_due = plan.next_report_due
    plan.follow_up_group = None
    plan.save()
    log_action(
        plan,
        "business_plans.plan.completed",
        actor,
        diff(plan, before, snapshot(plan, AUDITED_FIELDS)),
    )
    return plan


@transaction.atomic
def approve_plan(
    plan: BusinessPlan, approved_on: date | None, approving_body: str, *, actor
) -> BusinessPlan:
    """Record that an outside body approved (認定・採択) a completed plan."""
    plan = _locked(plan)
    if plan.status == PlanStatus.DRAFTING:
        raise DomainError(_("Complete the plan before recording its approval."))
    if plan.status == PlanStatus.APPROVED:
        raise DomainError(_("This plan's approval is already recorded."))
    errors = rules.approval_errors(
        approved_on, approving_body, completed_on=plan.completed_on, today=timezone.localdate()
    )
    if errors:
        raise DomainError(" ".join(errors))
    before = snapshot(plan, AUDITED_FIELDS)
    plan.status = PlanStatus.APPROVED
    plan.approved_on = approved_on
    plan.approving_body = approving_body.strip()
    plan.save()
    log_action(
        plan,
        "business_plans.plan.approved",
        actor,
        diff(plan, before, snapshot(plan, AUDITED_FIELDS)),
    )
    return plan


@transaction.atomic
def delete_plan(plan: BusinessPlan, *, actor) -> None:
    """Delete a plan still being drafted; a completed plan is part of the counts and stays."""
    plan = _locked(plan)
    if plan.status != PlanStatus.DRAFTING:
        raise DomainError(_("Only a plan still being drafted can be deleted."))
    before = snapshot(plan, AUDITED_FIELDS)
    changes = diff(plan, before, {}) | _targets_change(
        _targets_text(list(plan.year_targets.all())), ""
    )
    log_action(plan, "business_plans.plan.deleted", actor, changes)
    plan.delete()


def _locked(plan: BusinessPlan) -> BusinessPlan:
    """The stored plan, locked until the transaction ends (two writers wait, not interleave)."""
    return (
        BusinessPlan.objects.select_for_update(of=("self",))
        .select_related("analysis", "staff", "business__district")
        .get(organization=plan.organization_id, pk=plan.pk)
    )
