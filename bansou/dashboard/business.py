"""A business's sales, profit and break-even over the years it reported, against its plans.

Three sources, one chart: the financial statements of its analyses (sales, ordinary profit and
the break-even sales the analysis computes, analysis.indicators), the figures it reported in
its follow-up reports (the latest report of each plan year), and the yearly targets of its
business plans. Three queries, whatever the business's history.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from bansou.analysis.indicators import Figures, break_even_sales
from bansou.analysis.models import FinancialStatement
from bansou.business_plans.models import PlanYearTarget
from bansou.followups.models import FollowUpReport
from bansou.lib.eras import fiscal_year, fiscal_year_label

from .charts import LINE, Chart, Dataset


def _number(value) -> float | None:
    return None if value is None else float(Decimal(value))


def business_series(business) -> dict[str, dict[int, float | None]]:
    """{series: {fiscal year: 千円}} for sales, profit, break-even, reported and target figures."""
    series: dict[str, dict[int, float | None]] = {
        key: {}
        for key in (
            "sales",
            "profit",
            "break_even",
            "reported_sales",
            "reported_profit",
            "target_sales",
            "target_profit",
        )
    }
    statements = FinancialStatement.objects.filter(
        organization=business.organization_id, analysis__business=business
    ).order_by("period_end", "analysis__analysed_on", "pk")
    for statement in statements:  # a later analysis of the same period wins
        year = fiscal_year(statement.period_end)
        profit = statement.ordinary_profit
        if profit is None:
            profit = statement.operating_profit
        series["sales"][year] = _number(statement.sales)
        series["profit"][year] = _number(profit)
        series["break_even"][year] = _number(break_even_sales(Figures.from_object(statement)).value)
    reports = FollowUpReport.objects.filter(
        organization=business.organization_id, business=business
    ).order_by("period_fiscal_year", "reported_on", "pk")
    for report in reports.values("period_fiscal_year", "sales", "profit"):
        series["reported_sales"][report["period_fiscal_year"]] = _number(report["sales"])
        series["reported_profit"][report["period_fiscal_year"]] = _number(report["profit"])
    targets = PlanYearTarget.objects.filter(
        organization=business.organization_id, plan__business=business
    ).order_by("fiscal_year", "plan__completed_on", "pk")
    for target in targets.values("fiscal_year", "sales", "profit"):
        series["target_sales"][target["fiscal_year"]] = _number(target["sales"])
        series["target_profit"][target["fiscal_year"]] = _number(target["profit"])
    return series


def business_chart(business) -> Chart | None:
    """None when the business never reported a figure nor had a plan with targets."""
    series = business_series(business)
    years = sorted({year for values in series.values() for year in values})
    if not years:
        return None
    labels = {
        "sales": _("Sales (analysis)"),
        "profit": _("Profit (analysis)"),
        "break_even": _("Break-even sales"),
        "reported_sales": _("Sales (follow-up report)"),
        "reported_profit": _("Profit (follow-up report)"),
        "target_sales": _("Sales target (plan)"),
        "target_profit": _("Profit target (plan)"),
    }
    colours = {
        "sales": "#0072b2",
        "profit": "#009e73",
        "break_even": "#d55e00",
        "reported_sales": "#56b4e9",
        "reported_profit": "#7fd1a9",
        "target_sales": "#0072b2",
        "target_profit": "#009e73",
    }
    datasets = [
        Dataset(
            labels[key],
            [values.get(year) for year in years],
            colours[key],
            dashed=key.startswith("target"),
        )
        for key, values in series.items()
        if values
    ]
    return Chart(
        key="business",
        title=_("Sales, profit and break-even over the years (thousand yen)"),
        kind=LINE,
        labels=[fiscal_year_label(year) for year in years],
        datasets=datasets,
        unit=_("thousand yen"),
        label_header=_("Fiscal year"),
    )
