"""Each section of the advisor's day, with the data it must show and the data it must not."""

from datetime import date

import pytest

from bansou.business_plans.choices import PlanKind, PlanStatus
from bansou.dashboard import services
from bansou.dashboard.models import DashboardSettings

from .conftest import TODAY, make_check, make_plan, make_record

pytestmark = pytest.mark.django_db


def test_end_of_week_is_sunday():
    assert services.end_of_week(date(2025, 6, 9)) == date(2025, 6, 15)  # Monday
    assert services.end_of_week(TODAY) == date(2025, 6, 15)
    assert services.end_of_week(date(2025, 6, 15)) == date(2025, 6, 15)  # Sunday itself


def test_follow_ups_due_this_week_and_overdue(advisor_a, colleague, business_a):
    overdue = make_plan(business_a, advisor_a, title="遅れ", follow_up_due=date(2025, 6, 1))
    sunday = make_plan(business_a, advisor_a, title="日曜", follow_up_due=date(2025, 6, 15))
    today = make_plan(business_a, advisor_a, title="今日", follow_up_due=TODAY)
    make_plan(business_a, advisor_a, title="来週", follow_up_due=date(2025, 6, 16))
    make_plan(business_a, advisor_a, title="期日なし")
    make_plan(business_a, colleague, title="同僚", follow_up_due=date(2025, 6, 1))
    make_plan(
        business_a,
        advisor_a,
        title="作成中",
        status=PlanStatus.DRAFTING,
        completed_on=None,
        follow_up_due=date(2025, 6, 1),
    )
    due = services.follow_ups_due(advisor_a, TODAY)
    assert due.plans == [overdue, today, sunday]
    assert [p.is_overdue for p in due.plans] == [True, False, False]
    assert (due.overdue, due.this_week) == (1, 2)


def test_next_actions_not_done_earliest_first(advisor_a, colleague, business_a):
    late = make_record(
        business_a,
        advisor_a,
        date(2025, 5, 1),
        next_action="見積書を確認",
        next_action_due=date(2025, 6, 1),
    )
    soon = make_record(
        business_a,
        advisor_a,
        date(2025, 6, 1),
        next_action="補助金の申請書",
        next_action_due=date(2025, 6, 20),
    )
    undated = make_record(business_a, advisor_a, date(2025, 6, 2), next_action="電話で様子を聞く")
    make_record(
        business_a,
        advisor_a,
        date(2025, 5, 1),
        next_action="済み",
        next_action_due=date(2025, 5, 10),
        next_action_done=True,
    )
    make_record(business_a, advisor_a, date(2025, 6, 3))  # no next action at all
    make_record(
        business_a,
        colleague,
        date(2025, 5, 1),
        next_action="同僚の分",
        next_action_due=date(2025, 6, 1),
    )
    actions = services.next_actions(advisor_a, TODAY)
    assert actions == [late, soon, undated]
    assert [a.is_overdue for a in actions] == [True, False, None]


def test_queue_top_is_the_queue_head(advisor_a, chamber_a, district_a):
    from bansou.testing import make_business

    for n in range(12):
        business = make_business(chamber_a, district_a, name=f"事業者{n:02}", name_kana="ジギョウ")
        make_check(business, advisor_a, points=n % 5)
    top = services.queue_top(advisor_a)
    assert len(top) == services.QUEUE_SHOWN
    assert [c.score for c in top] == sorted((c.score for c in top), reverse=True)


def test_quota_counts_own_innovation_plans_completed_this_fiscal_year(
    advisor_a, colleague, business_a
):
    innovation = {"kind": PlanKind.INNOVATION}
    make_plan(business_a, advisor_a, **innovation, completed_on=date(2025, 4, 10))
    make_plan(
        business_a,
        advisor_a,
        **innovation,
        status=PlanStatus.APPROVED,
        completed_on=date(2025, 6, 1),
        approved_on=date(2025, 6, 5),
    )
    make_plan(business_a, advisor_a, **innovation, completed_on=date(2025, 3, 31))  # FY2024
    make_plan(business_a, advisor_a, **innovation, status=PlanStatus.DRAFTING, completed_on=None)
    make_plan(business_a, advisor_a, kind=PlanKind.ACTION)  # another kind
    make_plan(business_a, colleague, **innovation)  # someone else's
    progress = services.quota_progress(advisor_a, TODAY)
    assert (progress.fiscal_year, progress.completed, progress.quota) == (2025, 2, 1)
    assert progress.met and progress.remaining == 0 and progress.bar_value == 1


def test_quota_comes_from_the_chambers_settings(advisor_a, chamber_a, chamber_b):
    DashboardSettings.objects.create(organization=chamber_b, innovation_plan_quota_per_staff=5)
    assert services.quota_progress(advisor_a, TODAY).quota == 1  # default
    DashboardSettings.objects.create(organization=chamber_a, innovation_plan_quota_per_staff=3)
    progress = services.quota_progress(advisor_a, TODAY)
    assert (progress.quota, progress.completed, progress.remaining, progress.met) == (
        3,
        0,
        3,
        False,
    )


def test_experts_carry_no_quota(expert_a):
    assert services.quota_progress(expert_a, TODAY) is None


def test_recent_records_are_the_users_last_ten(advisor_a, colleague, business_a):
    records = [make_record(business_a, advisor_a, date(2025, 5, d)) for d in range(1, 13)]
    make_record(business_a, colleague, date(2025, 6, 1))
    recent = services.recent_records(advisor_a)
    assert recent == list(reversed(records))[:10]
