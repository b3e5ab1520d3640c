"""Committee screens through HTTP: the meeting flow, the public page and its privacy."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from bansou.committee import services
from bansou.committee.models import CommitteeMeeting, CommitteeMember, GradeDecision, Opinion
from bansou.evaluation.models import ManualActual, PlanItem
from bansou.testing import login, make_business

from .conftest import make_meeting
from .plans import FY, build_seed_plan

pytestmark = pytest.mark.django_db


def public_url(slug="a", year=FY):
    return reverse("committee:public", kwargs={"org_slug": slug, "fiscal_year": year})


def test_lead_advisor_runs_a_meeting_through_the_screens(lead_a, plan_a):
    client = login(lead_a)
    response = client.post(
        reverse("committee:meeting_create"),
        {
            "plan": plan_a.pk,
            "fiscal_year": "2024",
            "held_on": "令和7年7月15日",
            "starts_at": "午前１１時",
            "ends_at": "午後12時15分",
            "venue": "川口商工会議所会議室",
            "secretariat": "事務局6人",
        },
    )
    meeting = CommitteeMeeting.objects.get()
    assert response.status_code == 302
    assert meeting.held_at.isoformat() == "2025-07-15T02:00:00+00:00"
    assert meeting.ends_at.isoformat() == "12:15:00"
    detail = reverse("committee:meeting_detail", kwargs={"pk": meeting.pk})

    client.post(
        reverse("committee:member_add", kwargs={"pk": meeting.pk}),
        {"title": "中小企業支援委員会 委員長", "name": "小原一郎", "is_chair": "on"},
    )
    client.post(
        reverse("committee:opinion_add", kwargs={"pk": meeting.pk}),
        {"section_number": "3", "text": "分析件数の目標を見直すこと"},
    )
    grade_url = reverse("committee:decision_save", kwargs={"pk": meeting.pk, "section_number": 3})
    refused = client.post(grade_url, {"s3-decided_grade": "A", "s3-reason": ""}, follow=True)
    assert "理由" in refused.content.decode()
    assert not GradeDecision.objects.exists()
    client.post(grade_url, {"s3-decided_grade": "A", "s3-reason": "鳩ヶ谷地区の統合を考慮"})
    assert GradeDecision.objects.get().decided_grade == "A"
    page = client.get(detail).content.decode()
    assert "小原一郎" in page and "分析件数の目標を見直すこと" in page
    assert "下書き" in page

    assert client.get(public_url()).status_code == 404  # not closed yet
    client.post(reverse("committee:meeting_close", kwargs={"pk": meeting.pk}))
    meeting.refresh_from_db()
    assert meeting.is_closed and meeting.closed_by == lead_a
    public = client.get(public_url()).content.decode()
    assert "96.6％ → B" in public and "委員会判断：A（鳩ヶ谷地区の統合を考慮）" in public
    assert "分析件数の目標を見直すこと" in public


def test_the_public_page_lists_the_members_and_names_no_business_or_staff(
    closed_meeting_a, lead_a, business_a, advisor_a, client
):
    """The published report lists the committee's members with positions and names (source:
    評価委員会報告, 出席者); businesses and staff accounts never appear."""
    response = client.get(public_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "経営状況の分析に関すること" in page
    assert "中小企業支援委員会 委員長 小原一郎" in page and "川口市 経済部長 江原次郎" in page
    assert "（委員長）" not in page  # the position already says it
    for personal in (
        business_a.name,
        lead_a.username,
        lead_a.display_name,
        advisor_a.username,
    ):
        assert personal not in page
    assert "csrfmiddlewaretoken" not in page


def test_the_public_page_is_404_unless_closed_and_for_its_own_chamber(
    meeting_a, lead_a, chamber_b, client
):
    assert client.get(public_url()).status_code == 404
    services.close_meeting(meeting_a, actor=lead_a)
    assert client.get(public_url()).status_code == 200
    assert client.get(public_url(slug=chamber_b.slug)).status_code == 404
    assert client.get(public_url(slug="nowhere")).status_code == 404
    assert client.get(public_url(year=FY - 1)).status_code == 404
    services.reopen_meeting(meeting_a, actor=lead_a, reason="数値の訂正")
    assert client.get(public_url()).status_code == 404


def test_the_public_page_does_not_move_when_records_change(closed_meeting_a, lead_a, client):
    before = client.get(public_url()).content
    item = PlanItem.objects.get(title="「MieNa」「RESAS」の各項目分析活用・掲載")
    ManualActual.objects.create(
        organization=item.organization,
        item=item,
        fiscal_year=FY,
        recorded_on="2025-03-01",
        value=96,
        evidence="x",
        entered_by=lead_a,
    )
    CommitteeMember.objects.update(title="別の役職")
    assert client.get(public_url()).content == before


def test_read_only_roles_see_no_forms(meeting_a, committee_a, advisor_a):
    for user in (committee_a, advisor_a):
        page = login(user).get(reverse("committee:meeting_detail", kwargs={"pk": meeting_a.pk}))
        assert page.status_code == 200
        assert "decision-form" not in page.content.decode()
        assert reverse("committee:meeting_close", kwargs={"pk": meeting_a.pk}) not in (
            page.content.decode()
        )


def test_downloads_are_drafts_until_closed(meeting_a, lead_a):
    client = login(lead_a)
    draft = quote("下書き")
    response = client.get(reverse("committee:report_xlsx", kwargs={"pk": meeting_a.pk}))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment") and draft in disposition
    assert disposition.endswith(quote("評価委員会報告-令和6年度-下書き.xlsx"))
    services.close_meeting(meeting_a, actor=lead_a)
    response = client.get(reverse("committee:report_pdf", kwargs={"pk": meeting_a.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert draft not in response["Content-Disposition"]


def _grow(meeting, actor, n):
    for i in range(n):
        services.add_member(
            CommitteeMember(meeting=meeting, title=f"委員{i}", name=f"氏名{i}"), actor=actor
        )
        services.add_opinion(Opinion(meeting=meeting, text=f"意見{i}"), actor=actor)


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_meeting_page_runs_a_constant_number_of_queries(
    meeting_a, lead_a, chamber_a, django_assert_max_num_queries
):
    client = login(lead_a)
    small = _queries(
        client,
        reverse("committee:meeting_detail", kwargs={"pk": meeting_a.pk}),
        django_assert_max_num_queries,
        40,
    )
    bigger_plan = build_seed_plan(chamber_a, lead_a, code="bigger")
    big = make_meeting(bigger_plan, lead_a)
    _grow(big, lead_a, 12)
    for number in (1, 2, 3):
        services.decide_grade(
            big,
            section_number=number,
            decided_grade=services.current_grades(big)[number],
            reason="",
            actor=lead_a,
        )
    large = _queries(
        client,
        reverse("committee:meeting_detail", kwargs={"pk": big.pk}),
        django_assert_max_num_queries,
        40,
    )
    assert large == small


def test_the_progress_page_runs_a_constant_number_of_queries(
    plan_a, lead_a, committee_a, django_assert_max_num_queries
):
    client = login(committee_a)
    url = reverse("committee:progress") + "?fy=2024&month=3"
    small = _queries(client, url, django_assert_max_num_queries, 25)
    for item in PlanItem.objects.filter(plan=plan_a, source="manual")[:5]:
        for month in (5, 6, 7):
            ManualActual.objects.create(
                organization=item.organization,
                item=item,
                fiscal_year=FY,
                recorded_on=f"2024-{month:02d}-10",
                value=1,
                evidence="x",
                entered_by=lead_a,
            )
    assert _queries(client, url, django_assert_max_num_queries, 25) == small


def test_no_business_data_reaches_the_committee_member(meeting_a, committee_a, chamber_a):
    make_business(chamber_a, name="秘密の商店", name_kana="ヒミツノショウテン")
    page = login(committee_a).get(reverse("committee:meeting_detail", kwargs={"pk": meeting_a.pk}))
    assert "秘密の商店" not in page.content.decode()


def test_the_public_page_is_japanese_for_every_visitor(closed_meeting_a, client):
    page = client.get(public_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "経営発達支援事業評価委員会報告" in page and 'lang="ja"' in page
