"""The business page's chart: sales, profit and break-even by year, reports and targets."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from bansou.analysis.indicators import Figures, break_even_sales
from bansou.analysis.models import FinancialStatement
from bansou.analysis.tests.factories import PERIOD_2024, make_analysis
from bansou.business_plans.models import PlanYearTarget
from bansou.committee.tests.test_progress import make_report
from bansou.dashboard.business import business_chart, business_series
from bansou.testing import login

pytestmark = pytest.mark.django_db


def test_the_series_join_analyses_reports_and_targets(advisor_a, business_a):
    assert business_chart(business_a) is None  # nothing reported yet: no chart
    make_analysis(business_a, advisor_a)
    report = make_report(
        business_a, advisor_a, sales="up", profit="up", reported_on=date(2024, 11, 5)
    )
    report.sales, report.profit = 64_000, 5_200
    report.save()
    PlanYearTarget.objects.create(
        organization=business_a.organization,
        plan=report.plan,
        fiscal_year=2024,
        sales=63_000,
        profit=5_000,
    )
    series = business_series(business_a)
    # Periods ending in March 2023 and 2024 are fiscal years 2022 and 2023.
    assert series["sales"] == {2022: 50_000.0, 2023: 60_000.0}
    assert series["profit"][2022] == 3_600.0
    latest = FinancialStatement.objects.get(period_end=PERIOD_2024["period_end"])
    expected = break_even_sales(Figures.from_object(latest)).value
    assert series["break_even"][2023] == float(expected)
    assert series["reported_sales"] == {2024: 64_000.0} and series["reported_profit"] == {
        2024: 5_200.0
    }
    assert series["target_sales"] == {2024: 63_000.0}

    chart = business_chart(business_a)
    assert len(chart.labels) == 3  # FY2022 … FY2024
    sales = next(d for d in chart.datasets if d.values == [50_000.0, 60_000.0, None])
    assert not sales.dashed


def test_the_business_page_shows_the_chart_and_its_table(advisor_a, business_a):
    make_analysis(business_a, advisor_a)
    with translation.override("ja"):
        response = login(advisor_a).get(reverse("businesses:detail", args=[business_a.pk]))
    page = response.content.decode()
    assert 'data-chart="chart-business-data"' in page and 'id="chart-business-data"' in page
    assert "売上高・利益・損益分岐点の推移" in page and "60,000" in page
