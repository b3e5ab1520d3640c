"""Loading a plan and its year's inputs in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from bansou.core.errors import DomainError
from bansou.lib.eras import fiscal_year_label

from ..models import (
    DevelopmentPlan,
    EvaluationSettings,
    ItemSource,
    ItemYear,
    ManualActual,
    OpeningFigure,
    PlanItem,
    PlanItemTarget,
    PlanSection,
    SectionYear,
    TargetKind,
)
from .grading import GradeScale
from .rules import Rule, parse_rule


@dataclass(frozen=True)
class Target:
    kind: str  # TargetKind
    value: Decimal | None


NO_TARGET = Target(TargetKind.NONE, None)


@dataclass
class PlanYear:
    """A plan with everything the evaluation of one fiscal year needs, loaded up front."""

    plan: DevelopmentPlan
    fiscal_year: int
    sections: list[PlanSection]  # top level, ordered
    subsections: dict[int, list[PlanSection]]  # parent id → ordered subsections
    items: dict[int, list[PlanItem]]  # section id → activity/qualitative rows, ordered
    outcomes: dict[int, list[PlanItem]]  # activity id → outcome rows, ordered
    targets: dict[int, Target]
    years: dict[int, ItemYear]
    manual: dict[int, tuple[Decimal, int]]  # item id → (sum, number of entries)
    section_years: dict[int, SectionYear]
    rules: dict[int, Rule] = field(default_factory=dict)
    openings: dict[int, OpeningFigure] = field(default_factory=dict)  # item id → 移行前の集計値

    def all_items(self) -> list[PlanItem]:
        rows = [i for rows in self.items.values() for i in rows]
        return rows + [o for rows in self.outcomes.values() for o in rows]


def check_fiscal_year(plan: DevelopmentPlan, fiscal_year: int) -> None:
    years = plan.fiscal_years()
    if fiscal_year not in years:
        raise DomainError(
            _("%(year)s is outside the plan %(plan)s (%(first)s to %(last)s after amendments).")
            % {
                "year": fiscal_year_label(fiscal_year),
                "plan": plan.title,
                "first": fiscal_year_label(years[0]),
                "last": fiscal_year_label(years[-1]),
            },
            code="fiscal_year_outside_plan",
        )


def grade_scale_for(organization_id: int) -> GradeScale:
    """The organization's grade scale; Kawaguchi's A–E until the chamber sets its own."""
    settings = EvaluationSettings.objects.filter(organization_id=organization_id).first()
    if settings is None:
        from ..models.settings import default_grade_bands

        return GradeScale.from_bands(default_grade_bands())
    return GradeScale.from_bands(settings.grade_bands)


def targets_in_force(plan: DevelopmentPlan, fiscal_year: int) -> dict[int, Target]:
    """Each row's target for the year: the latest amendment that set one wins (DOMAIN §2)."""
    rows = (
        PlanItemTarget.objects.filter(item__plan=plan, fiscal_year=fiscal_year)
        .select_related("amendment")
        .order_by("item_id")
    )
    chosen: dict[int, tuple[tuple, PlanItemTarget]] = {}
    for target in rows:
        amendment = target.amendment
        rank = (1, amendment.amended_on, amendment.pk) if amendment else (0, None, 0)
        current = chosen.get(target.item_id)
        if current is None or rank > current[0]:
            chosen[target.item_id] = (rank, target)
    return {item_id: Target(t.kind, t.value) for item_id, (_r, t) in chosen.items()}


def load_plan_year(plan: DevelopmentPlan, fiscal_year: int) -> PlanYear:
    check_fiscal_year(plan, fiscal_year)
    sections = list(PlanSection.objects.filter(plan=plan).order_by("number", "pk"))
    top = [s for s in sections if s.parent_id is None]
    subsections: dict[int, list[PlanSection]] = defaultdict(list)
    for section in sections:
        if section.parent_id is not None:
            subsections[section.parent_id].append(section)
    items: dict[int, list[PlanItem]] = defaultdict(list)
    outcomes: dict[int, list[PlanItem]] = defaultdict(list)
    rules: dict[int, Rule] = {}
    for item in (
        PlanItem.objects.filter(plan=plan).select_related("department").order_by("order", "pk")
    ):
        if item.parent_id:
            outcomes[item.parent_id].append(item)
        else:
            items[item.section_id].append(item)
        if item.source == ItemSource.RULE:
            rules[item.pk] = parse_rule(item.rule)
    manual = {
        row["item_id"]: (row["total"], row["entries"])
        for row in ManualActual.objects.filter(item__plan=plan, fiscal_year=fiscal_year)
        .values("item_id")
        .annotate(total=Sum("value"), entries=Count("pk"))
        .order_by()
    }
    return PlanYear(
        plan=plan,
        fiscal_year=fiscal_year,
        sections=top,
        subsections=dict(subsections),
        items=dict(items),
        outcomes=dict(outcomes),
        targets=targets_in_force(plan, fiscal_year),
        years={
            y.item_id: y for y in ItemYear.objects.filter(item__plan=plan, fiscal_year=fiscal_year)
        },
        manual=manual,
        section_years={
            y.section_id: y
            for y in SectionYear.objects.filter(section__plan=plan, fiscal_year=fiscal_year)
        },
        rules=rules,
        openings={
            figure.item_id: figure
            for figure in OpeningFigure.objects.filter(
                item__plan=plan, fiscal_year=fiscal_year
            ).select_related("entered_by", "decided_by")
        },
    )


def get_plan(organization, fiscal_year: int | None = None) -> DevelopmentPlan:
    """The organization's plan covering `fiscal_year` (after amendments), or its latest plan."""
    plans = list(
        DevelopmentPlan.objects.filter(organization=organization)
        .select_related("organization")
        .prefetch_related("amendments")
        .order_by("-starts_on", "-pk")
    )
    for plan in plans:
        if fiscal_year is None or fiscal_year in plan.fiscal_years():
            return plan
    if fiscal_year is None:
        message = _("%(organization)s has no development plan.") % {"organization": organization}
    else:
        message = _("%(organization)s has no development plan covering %(year)s.") % {
            "organization": organization,
            "year": fiscal_year_label(fiscal_year),
        }
    raise DomainError(message, code="no_plan")
