"""Fixtures of the follow-up tests: a completed plan of business_a to report on."""

from datetime import date

import pytest

from bansou.business_plans.tests.factories import make_analysis, make_completed_plan, make_plan


@pytest.fixture
def analysis_a(business_a, advisor_a):
    return make_analysis(business_a, advisor_a, analysed_on=date(2024, 5, 10))


@pytest.fixture
def drafting_plan_a(business_a, advisor_a, analysis_a):
    return make_plan(business_a, advisor_a, analysis=analysis_a)


@pytest.fixture
def completed_plan_a(business_a, advisor_a, analysis_a):
    # Completed 2024-09-30: the first report is due 2025-03-30, in FY2024.
    return make_completed_plan(
        business_a, advisor_a, analysis=analysis_a, completed_on=date(2024, 9, 30)
    )
