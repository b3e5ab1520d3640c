"""A completed plan of business_a whose first six-monthly report is due (2025-03-30)."""

from datetime import date

import pytest

from bansou.business_plans.tests.factories import make_analysis, make_completed_plan

# Tuesday 2025-04-01: period 1 (2024-09-30 … 2025-03-29) of the plan below is due.
TODAY = "2025-04-01T10:00:00+09:00"


@pytest.fixture
def completed_plan_a(business_a, advisor_a):
    analysis = make_analysis(business_a, advisor_a, analysed_on=date(2024, 5, 10))
    return make_completed_plan(
        business_a, advisor_a, analysis=analysis, completed_on=date(2024, 9, 30)
    )
