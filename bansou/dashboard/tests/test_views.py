"""The start page: the advisor's day for record readers, aggregates only for the committee."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from bansou.business_plans.choices import PlanKind
from bansou.testing import login, make_business

from .conftest import make_check, make_plan, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def wednesday_in_june():
    """FY2025 (令和7年度); the week runs to Sunday 15 June."""
    with time_machine.travel("2025-06-11T09:00:00+09:00", tick=False):
        yield


def test_advisor_sees_the_day(advisor_a, business_a):
    make_plan(business_a, advisor_a, title="販路開拓計画", follow_up_due=date(2025, 6, 2))
    make_record(
        business_a,
        advisor_a,
        date(2025, 6, 1),
        next_action="試作品の評価",
        next_action_due=date(2025, 6, 5),
    )
    make_plan(business_a, advisor_a, kind=PlanKind.INNOVATION, title="革新計画")
    make_check(business_a, advisor_a, points=3, priority=True, priority_reason="設備投資の相談")
    body = login(advisor_a).get(reverse("core:home")).content.decode()
    assert "販路開拓計画" in body and "期限超過 1件" in body
    assert "試作品の評価" in body
    assert "設備投資の相談" in body and "75.0%" in body
    assert "令和7年度の経営革新計画" in body and "今年度の目標を達成しました。" in body
    assert "最近の支援記録" in body


def test_committee_keeps_the_aggregate_only_message(committee_a, advisor_a, business_a):
    make_check(business_a, advisor_a, priority=True, priority_reason="秘密の理由")
    body = login(committee_a).get(reverse("core:home")).content.decode()
    assert "集計" in body  # the committee member's message
    assert business_a.name not in body and "秘密の理由" not in body
    assert 'id="queue"' not in body


def test_expert_sees_assigned_businesses_only(expert_a, advisor_a, assigned_business, chamber_a):
    other = make_business(chamber_a, name="担当外の店", name_kana="タントウガイ")
    make_check(assigned_business, advisor_a)
    make_check(other, advisor_a)
    body = login(expert_a).get(reverse("core:home")).content.decode()
    assert assigned_business.name in body and "担当外の店" not in body
    assert 'id="quota"' not in body


def fill(chamber, district, advisor, count, offset):
    for n in range(count):
        business = make_business(
            chamber, district, name=f"事業者{offset + n}", name_kana="ジギョウ"
        )
        make_plan(business, advisor, follow_up_due=date(2025, 6, 1 + n % 14))
        make_plan(business, advisor, kind=PlanKind.INNOVATION)
        make_record(
            business,
            advisor,
            date(2025, 5, 1 + n % 28),
            next_action="連絡",
            next_action_due=date(2025, 6, 20),
        )
        make_check(business, advisor, points=n % 5, priority=n % 4 == 0, priority_reason="理由")


def test_start_page_queries_do_not_grow(
    chamber_a, district_a, advisor_a, django_assert_max_num_queries
):
    client = login(advisor_a)
    url = reverse("core:home")
    fill(chamber_a, district_a, advisor_a, 2, 0)
    client.get(url)  # warm the session and the questionnaire
    with django_assert_max_num_queries(50) as small:
        client.get(url)
    fill(chamber_a, district_a, advisor_a, 25, 100)
    with django_assert_max_num_queries(50) as large:
        body = client.get(url).content.decode()
    assert "事業者124" in body or "事業者100" in body
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 12
