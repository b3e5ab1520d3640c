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


def test_the_kept_group_changes_follow_every_write(chamber_a, chamber_b):
    from bansou.dashboard import counts, groups

    staff = make_user(chamber_a, Role.ADVISOR, "adv-kept")
    business = make_business(chamber_a)
    first, second = make_plan(business, staff), make_plan(business, staff)
    report(first, date(2023, 10, 1), 2)  # before the year: the plan starts it in group 2
    groups.ensure(chamber_a.pk)
    assert groups.is_kept(chamber_a.pk) and not groups.is_kept(chamber_b.pk)

    def agree():
        for as_of in (date(2024, 6, 15), date(2025, 3, 31)):
            kept = groups.read(chamber_a.pk, 2024, as_of)
            assert kept == groups_over_time(chamber_a.pk, 2024, as_of), as_of
        assert counts.drift(chamber_a.pk) == []
        return groups.read(chamber_a.pk, 2024, date(2025, 3, 31))

    assert agree()["2"] == [1] * 12
    middle = report(first, date(2024, 8, 10), 4)  # from August the plan is in group 4
    later = report(first, date(2024, 12, 1), 1)
    report(second, date(2024, 8, 10), 3)
    assert agree()["4"][:8] == [0, 0, 0, 0, 1, 1, 1, 1]
    middle.reported_on = date(2024, 5, 20)  # moved earlier: group 4 from May
    middle.save()
    assert agree()["4"][:3] == [0, 1, 1]
    middle.group = 3
    middle.save()
    agree()
    middle.delete()  # the December report's previous group is the October one's again
    assert agree()["2"][:8] == [1] * 8
    later.delete()
    assert agree()["2"] == [1] * 12
    # A report on the same day as another of its plan: the later id decides.
    report(first, date(2023, 10, 1), 1)
    assert agree()["1"] == [1] * 12
