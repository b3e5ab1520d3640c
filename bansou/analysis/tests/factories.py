"""Analyses and financial periods for tests (plain functions, usable from any conftest)."""

from datetime import date

from bansou.analysis.models import BusinessAnalysis, FinancialStatement

# Two consecutive periods of a small manufacturer, in 千円.
PERIOD_2023 = {
    "period_end": date(2023, 3, 31),
    "sales": 50_000,
    "cost_of_sales": 26_000,
    "sga_total": 20_000,
    "operating_profit": 4_000,
    "ordinary_profit": 3_600,
    "depreciation": 1_500,
    "interest_paid": 400,
    "receivables": 6_000,
    "inventory": 3_000,
    "payables": 4_000,
    "cash": 5_000,
    "interest_bearing_debt": 25_000,
    "net_assets": 12_000,
    "total_assets": 40_000,
    "employees": 8,
}
PERIOD_2024 = {
    **PERIOD_2023,
    "period_end": date(2024, 3, 31),
    "sales": 60_000,
    "cost_of_sales": 30_000,
    "operating_profit": 10_000,
    "depreciation": 2_000,
    "cash": 6_000,
    "interest_bearing_debt": 30_000,
}


def make_analysis(
    business, staff, *, periods=(PERIOD_2023, PERIOD_2024), analysed_on=date(2024, 6, 10), **fields
):
    analysis = BusinessAnalysis(business=business, staff=staff, analysed_on=analysed_on, **fields)
    analysis.capture_business_facts()
    analysis.save()
    for figures in periods:
        FinancialStatement.objects.create(
            organization=analysis.organization, analysis=analysis, **figures
        )
    return analysis
