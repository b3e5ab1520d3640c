"""Fixtures of the business plan tests: an analysis and plans for business_a."""

from datetime import date

import pytest

from .factories import make_analysis, make_completed_plan, make_plan


@pytest.fixture
def analysis_a(business_a, advisor_a):
    return make_analysis(business_a, advisor_a, analysed_on=date(2024, 5, 10))


@pytest.fixture
def plan_a(business_a, advisor_a, analysis_a):
    return make_plan(business_a, advisor_a, analysis=analysis_a)


@pytest.fixture
def completed_plan_a(business_a, advisor_a, analysis_a):
    return make_completed_plan(business_a, advisor_a, analysis=analysis_a)
