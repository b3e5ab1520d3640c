"""Fixtures of the follow-up tests: a completed plan of business_a, plans around TODAY."""

from datetime import date

import pytest

from bansou.accounts.models import Role
from bansou.business_plans.tests.factories import make_analysis, make_completed_plan, make_plan
from bansou.followups import services
from bansou.testing import make_user

# Tuesday 2025-04-01, the first day of FY2025; its week runs Monday 03-31 to Sunday 04-06.
TODAY = "2025-04-01T10:00:00+09:00"


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


@pytest.fixture
def follow_up_lists(advisor_a, business_a, chamber_a):
    """Plans whose dates fall around TODAY (2025-04-01)."""
    other = make_user(chamber_a, Role.ADVISOR, "advisor-a2")

    def plan(title, staff, completed_on, reported_on=None, profit=400, wants=True):
        made = make_completed_plan(business_a, staff, title=title, completed_on=completed_on)
        if reported_on:
            services.record_report(
                made,
                reported_on=reported_on,
                sales=10_000,
                profit=profit,
                wants_support=wants,
                period_fiscal_year=2024,
                actor=staff,
            )
        return made

    # Group 1 reported 2025-03-03: contact due 04-03 (this week); report due 09-03.
    plan("今週", advisor_a, date(2024, 9, 1), date(2025, 3, 3))
    # Group 1 reported 2025-02-28: contact due 03-28 (overdue).
    plan("期限切れ", other, date(2024, 9, 1), date(2025, 2, 28))
    # Group 4 reported 2025-03-20: contact due 09-20 (later).
    plan("先", advisor_a, date(2024, 9, 1), date(2025, 3, 20), profit=900, wants=False)
    # Completed 2024-09-30 with no report: the report was due 2025-03-30 → missing and overdue.
    plan("報告なし", other, date(2024, 9, 30))
    return other
