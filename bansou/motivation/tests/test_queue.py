"""The analysis queue: who is in it, in which order, filters, and its constant query count."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from bansou.accounts.models import Role
from bansou.analysis.models import BusinessAnalysis
from bansou.motivation.queue import analysis_queue
from bansou.organizations.models import District
from bansou.testing import login, make_business, make_user

pytestmark = pytest.mark.django_db


def analyse(business, staff, analysed_on, status="completed"):
    analysis = BusinessAnalysis(
        business=business, staff=staff, analysed_on=analysed_on, status=status
    )
    analysis.capture_business_facts()
    analysis.save()
    return analysis


def names(user):
    return [check.business.name for check in analysis_queue(user)]


@pytest.fixture
def three(chamber_a, district_a):
    return [
        make_business(chamber_a, district_a, name=name, name_kana="テスト")
        for name in ("低得点商店", "高得点商店", "優先商店")
    ]


def test_priority_first_then_score(advisor_a, three, make_check):
    low, high, flagged = three
    make_check(low, advisor_a, points=1)
    make_check(high, advisor_a, points=4)
    make_check(flagged, advisor_a, points=0, priority=True, priority_reason="事業承継の相談")
    assert names(advisor_a) == ["優先商店", "高得点商店", "低得点商店"]


def test_only_the_latest_check_counts(advisor_a, three, make_check):
    low, high, _ = three
    make_check(high, advisor_a, points=4, checked_on=date(2024, 5, 1))
    make_check(high, advisor_a, points=0, checked_on=date(2024, 9, 1))  # motivation fell
    make_check(low, advisor_a, points=1)
    queue = list(analysis_queue(advisor_a))
    assert [c.business.name for c in queue] == ["低得点商店", "高得点商店"]
    assert queue[1].checked_on == date(2024, 9, 1)


def test_completed_analysis_after_the_check_removes_the_business(advisor_a, three, make_check):
    low, high, flagged = three
    make_check(low, advisor_a, checked_on=date(2024, 6, 3))
    make_check(high, advisor_a, checked_on=date(2024, 6, 3))
    make_check(flagged, advisor_a, checked_on=date(2024, 6, 3))
    analyse(low, advisor_a, date(2024, 6, 3))  # same day counts as after
    analyse(high, advisor_a, date(2024, 7, 1), status="draft")  # a draft does not
    analyse(flagged, advisor_a, date(2024, 5, 1))  # an older analysis does not
    assert sorted(names(advisor_a)) == ["優先商店", "高得点商店"]


def test_a_new_check_after_an_analysis_brings_the_business_back(advisor_a, business_a, make_check):
    make_check(business_a, advisor_a, checked_on=date(2024, 6, 3))
    analyse(business_a, advisor_a, date(2024, 7, 1))
    assert names(advisor_a) == []
    make_check(business_a, advisor_a, checked_on=date(2025, 6, 3))
    assert names(advisor_a) == [business_a.name]


def test_visibility(advisor_a, advisor_b, committee_a, expert_a, assigned_business, make_check):
    other = make_business(advisor_a.organization, name="担当外商店", name_kana="タントウガイ")
    make_check(assigned_business, advisor_a)
    make_check(other, advisor_a)
    assert len(names(advisor_a)) == 2
    assert names(expert_a) == [assigned_business.name]
    assert names(committee_a) == []
    assert names(advisor_b) == []


def test_filters(chamber_a, advisor_a, district_a, three, make_check, version_a):
    low, high, flagged = three
    colleague = make_user(chamber_a, Role.ADVISOR, "colleague")
    elsewhere = District.objects.create(organization=chamber_a, name="芝", name_kana="シバ")
    flagged.district = elsewhere
    flagged.save()
    make_check(low, advisor_a, points=0, checked_on=date(2023, 6, 1))  # D, FY2023
    make_check(high, colleague, points=4)  # A
    make_check(flagged, advisor_a, points=2, priority=True, priority_reason="理由")  # B
    client = login(advisor_a)
    url = reverse("motivation:queue")

    def shown(**params):
        return [c.business.name for c in client.get(url, params).context["page"]]

    assert shown(rank="A") == ["高得点商店"]
    assert shown(staff=colleague.pk) == ["高得点商店"]
    assert shown(district=elsewhere.pk) == ["優先商店"]
    assert shown(fiscal_year=2023) == ["低得点商店"]
    assert shown() == ["優先商店", "高得点商店", "低得点商店"]


def test_queue_page_shows_rank_score_reason_and_analyse_link(advisor_a, business_a, make_check):
    make_check(business_a, advisor_a, points=3, priority=True, priority_reason="新工場の計画あり")
    body = login(advisor_a).get(reverse("motivation:queue")).content.decode()
    assert business_a.name in body and "75.0%" in body and "新工場の計画あり" in body
    assert "令和6年6月3日" in body
    try:
        analysis_url = reverse("analysis:create")
    except Exception:  # the analysis screens are optional for the queue
        analysis_url = None
    if analysis_url:
        assert f"{analysis_url}?business={business_a.pk}" in body


def test_htmx_request_gets_the_table_only(advisor_a, business_a, make_check):
    make_check(business_a, advisor_a)
    response = login(advisor_a).get(reverse("motivation:queue"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert business_a.name in body and "<html" not in body


def fill(chamber, district, staff, make_check, count, start):
    for n in range(count):
        business = make_business(
            chamber, district, name=f"事業者{start + n}", name_kana="ジギョウシャ"
        )
        check = make_check(
            business, staff, points=n % 5, priority=n % 3 == 0, priority_reason="理由"
        )
        if n % 4 == 0:
            analyse(business, staff, check.checked_on)


@pytest.mark.parametrize("with_plan", [False, True])
def test_queue_queries_do_not_grow(
    chamber_a, district_a, advisor_a, make_check, django_assert_max_num_queries, with_plan, request
):
    if with_plan:
        request.getfixturevalue("kawaguchi_plan")
    client = login(advisor_a)
    url = reverse("motivation:queue")
    fill(chamber_a, district_a, advisor_a, make_check, 3, 0)
    client.get(url)  # warm the session and the questionnaire
    with django_assert_max_num_queries(50) as small:
        client.get(url)
    fill(chamber_a, district_a, advisor_a, make_check, 30, 100)
    with django_assert_max_num_queries(50) as large:
        response = client.get(url)
    assert response.context["page"].paginator.count == 3 - 1 + 30 - 8
    assert len(large.captured_queries) == len(small.captured_queries)
    # The plan's analysis rule costs up to three: the plans, their amendments, the row.
    assert len(large.captured_queries) <= 11


# --- what the plan counts -------------------------------------------------------------------

PLAN_FILE = Path(__file__).parents[2] / "evaluation" / "plans" / "kawaguchi-2023-2025.yaml"


@pytest.fixture
def kawaguchi_plan(chamber_a, admin_a):
    from bansou.evaluation import services as evaluation

    return evaluation.import_definition(
        chamber_a, PLAN_FILE.read_text(encoding="utf-8"), actor=admin_a
    )


@pytest.fixture
def mixed(chamber_a, district_a, district_outside_a, advisor_a, make_check):
    """Four businesses: the two the plan leaves out have the highest scores."""
    counted = make_business(chamber_a, district_a, name="青木商店", name_kana="アオキ", employees=3)
    outside = make_business(
        chamber_a, district_outside_a, name="鳩ヶ谷商店", name_kana="ハトガヤ", employees=3
    )
    large = make_business(chamber_a, district_a, name="大手工業", name_kana="オオテ", employees=80)
    both = make_business(
        chamber_a, district_outside_a, name="鳩ヶ谷工業", name_kana="ハトガヤ", employees=80
    )
    make_check(counted, advisor_a, points=1)
    for business in (outside, large, both):
        make_check(business, advisor_a, points=3)
    return counted, outside, large, both


def test_only_businesses_the_plan_counts_are_ranked(advisor_a, kawaguchi_plan, mixed):
    assert names(advisor_a) == ["青木商店"]


def test_the_others_are_shown_on_request_marked_with_the_reason(
    advisor_a, kawaguchi_plan, mixed, settings
):
    from django.utils import translation

    with translation.override("ja"):
        rows = {
            c.business.name: c.not_counted
            for c in analysis_queue(advisor_a, include_not_counted=True)
        }
    assert rows == {
        "青木商店": "",
        "鳩ヶ谷商店": "管轄外",
        "大手工業": "小規模事業者でない",
        "鳩ヶ谷工業": "管轄外、小規模事業者でない",
    }


def test_without_a_plan_every_business_is_ranked(advisor_a, mixed):
    assert len(names(advisor_a)) == 4


def test_the_reasons_come_from_the_plan_rule(advisor_a, kawaguchi_plan, mixed):
    from bansou.evaluation.models import PlanItem

    item = PlanItem.objects.get(plan=kawaguchi_plan, key="analyses")
    item.rule = {"count": "records", "of": "analysis", "where": {"status": "completed"}}
    item.save()
    assert len(names(advisor_a)) == 4


def test_queue_page_toggle_and_dashboard(advisor_a, kawaguchi_plan, mixed):
    client = login(advisor_a)
    page = client.get(reverse("motivation:queue")).content.decode()
    assert "青木商店" in page and "鳩ヶ谷商店" not in page
    assert "計画の対象外も表示" in page
    page = client.get(reverse("motivation:queue"), {"include_not_counted": "on"}).content.decode()
    assert "鳩ヶ谷工業" in page and "管轄外、小規模事業者でない" in page
    home = client.get(reverse("core:home")).content.decode()
    assert "青木商店" in home and "鳩ヶ谷商店" not in home


def test_the_territory_is_judged_on_todays_dated_period(
    advisor_a, kawaguchi_plan, mixed, district_outside_a, time_machine
):
    """鳩ヶ谷 joins the territory on 2025-04-01: the queue counts its businesses from that day."""
    time_machine.move_to("2025-03-31 12:00 +09:00")
    district_outside_a.in_territory = True
    district_outside_a.in_territory_from = date(2025, 4, 1)
    district_outside_a.save()
    assert names(advisor_a) == ["青木商店"]
    time_machine.move_to("2025-04-01 12:00 +09:00")
    assert set(names(advisor_a)) == {"青木商店", "鳩ヶ谷商店"}
