"""The follow-up groups over a year, aggregated in the database, against a plain recount."""

import random
from datetime import date, timedelta

import pytest

from bansou.accounts.models import Role
from bansou.dashboard.figures import GROUPS, groups_over_time
from bansou.evaluation.engine.progress import month_ends
from bansou.followups.models import FollowUpReport
from bansou.testing import make_business, make_user

from .conftest import make_plan

pytestmark = pytest.mark.django_db


def plain_recount(organization, fiscal_year: int, as_of: date) -> dict:
    """Each plan's latest report (the later id on the same day) at each elapsed month end."""
    counts = {str(g): [None] * 12 for g in GROUPS}
    for month, end in enumerate(month_ends(fiscal_year)):
        if month and month_ends(fiscal_year)[month - 1] >= as_of:
            break
        cutoff = min(end, as_of)
        latest = {}
        for report in FollowUpReport.objects.filter(
            organization=organization, reported_on__lte=cutoff
        ).order_by("reported_on", "pk"):
            latest[report.plan_id] = report.group
        for g in GROUPS:
            counts[str(g)][month] = sum(1 for v in latest.values() if v == g)
    return counts


def report(plan, on: date, group: int) -> FollowUpReport:
    return FollowUpReport.objects.create(
        organization=plan.organization, business=plan.business, staff=plan.staff, plan=plan,
        reported_on=on, fiscal_year=2024, period_fiscal_year=2024, wants_support=False,
        sales_trend="up", profit_trend="up", group=group, next_contact_due=on + timedelta(60),
        in_territory=True, is_small=True,
    )  # fmt: skip


def test_groups_at_each_month_end_equal_a_plain_recount(chamber_a, chamber_b):
    rng = random.Random(7)
    staff = make_user(chamber_a, Role.ADVISOR, "adv-groups")
    plans = [make_plan(make_business(chamber_a), staff) for _ in range(12)]
    boundaries = [date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 1), date(2025, 3, 31)]
    for plan in plans:
        for _ in range(rng.randint(0, 5)):
            on = rng.choice(boundaries + [date(2023, 6, 1) + timedelta(rng.randrange(800))])
            report(plan, on, rng.choice(GROUPS))
    # Two reports of one plan on one day: the later one decides.
    report(plans[0], date(2024, 9, 30), 1)
    report(plans[0], date(2024, 9, 30), 3)
    other = make_user(chamber_b, Role.ADVISOR, "adv-groups-b")
    report(make_plan(make_business(chamber_b), other), date(2024, 6, 1), 2)  # another chamber

    for as_of in (date(2024, 4, 1), date(2024, 9, 30), date(2024, 10, 15), date(2025, 3, 31)):
        assert groups_over_time(chamber_a.pk, 2024, as_of) == plain_recount(chamber_a, 2024, as_of)
    september = groups_over_time(chamber_a.pk, 2024, date(2025, 3, 31))
    assert sum(september[str(g)][5] for g in GROUPS) > 0


def test_before_the_year_starts_no_month_is_counted(chamber_a):
    assert groups_over_time(chamber_a.pk, 2024, date(2024, 3, 31)) == {
        str(g): [None] * 12 for g in GROUPS
    }
