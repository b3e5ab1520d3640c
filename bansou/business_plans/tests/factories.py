"""Build analyses and plans for tests through the real services (no shortcuts past the rules)."""

from datetime import date

from bansou.analysis.models import BusinessAnalysis
from bansou.business_plans import services
from bansou.business_plans.choices import PlanKind
from bansou.business_plans.models import BusinessPlan
from bansou.business_plans.services import YearFigures

DEFAULT_TARGETS = ((2024, 11_000, 600), (2025, 12_000, 700), (2026, 13_000, 800))


def make_analysis(business, staff, analysed_on=date(2024, 5, 10), **fields) -> BusinessAnalysis:
    analysis = BusinessAnalysis(business=business, staff=staff, analysed_on=analysed_on, **fields)
    analysis.capture_business_facts()
    analysis.save()
    return analysis


def make_plan(
    business,
    staff,
    *,
    analysis=None,
    title="経営革新計画（新製品開発）",
    kind=PlanKind.INNOVATION,
    started_on=date(2024, 6, 1),
    baseline_fiscal_year=2023,
    baseline_sales=10_000,
    baseline_profit=500,
    targets=DEFAULT_TARGETS,
    **fields,
) -> BusinessPlan:
    plan = BusinessPlan(
        business=business,
        staff=staff,
        analysis=analysis,
        title=title,
        kind=kind,
        started_on=started_on,
        baseline_fiscal_year=baseline_fiscal_year,
        baseline_sales=baseline_sales,
        baseline_profit=baseline_profit,
        **fields,
    )
    figures = [YearFigures(*row) for row in targets]
    return services.create_plan(plan, figures, actor=staff)


def make_completed_plan(business, staff, *, completed_on=date(2024, 9, 30), **fields):
    plan = make_plan(business, staff, **fields)
    return services.complete_plan(plan, completed_on, actor=staff)
