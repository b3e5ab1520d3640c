"""Meeting register, frozen progress pack, closed years, publications, guide, query counts."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.core.errors import DomainError
from bansou.evaluation.engine import evaluate
from bansou.evaluation.engine.drilldown import drilldown
from bansou.evaluation.engine.kinds import KINDS
from bansou.evaluation.engine.rules import RuleError, parse_rule
from bansou.meetings import services
from bansou.meetings.markdown import render
from bansou.meetings.models import GuidePage, Meeting, MeetingKind, Publication, ReviewDecision
from bansou.testing import login

pytestmark = pytest.mark.django_db


def _meeting(org, user, kind="partner_banks", day=date(2024, 6, 10), **extra) -> Meeting:
    meeting = Meeting(organization=org, kind=kind, title=f"{kind} {day}", held_on=day, **extra)
    return services.save_meeting(meeting, actor=user)


def test_a_meeting_in_a_closed_fiscal_year_is_refused(closed_fy2023, chamber_a, lead_advisor_a):
    with pytest.raises(DomainError) as refused:
        _meeting(chamber_a, lead_advisor_a, day=date(2024, 3, 31))  # FY2023
    assert refused.value.code == "closed_year"
    assert not Meeting.objects.exists()
    client = login(lead_advisor_a)
    response = client.post(
        reverse("meetings:create"),
        {"kind": "steering", "title": "運営協議会", "held_on": "令和6年3月1日"},
    )
    assert response.status_code == 200
    assert "令和5年度は締められています" in response.content.decode()
    assert not Meeting.objects.exists()
    _meeting(chamber_a, lead_advisor_a, day=date(2024, 4, 1))  # FY2024 is open


def test_editing_a_record_of_a_published_year_warns_and_is_logged(
    plan_a, chamber_a, lead_advisor_a
):
    meeting = _meeting(chamber_a, lead_advisor_a, day=date(2023, 9, 1))
    from bansou.committee.models import CommitteeMeeting

    CommitteeMeeting.objects.create(
        organization=chamber_a, plan=plan_a, fiscal_year=2023, held_at="2024-07-16T10:00+09:00",
        venue="会議所", status="closed",
    )  # fmt: skip
    client = login(lead_advisor_a)
    url = reverse("meetings:edit", kwargs={"pk": meeting.pk})
    assert "公表した数値は変わりません" in client.get(url).content.decode()
    response = client.post(
        url,
        {"kind": "partner_banks", "title": "連携推進会議（修正）", "held_on": "2023-09-01",
         "lock_version": meeting.lock_version},
    )  # fmt: skip
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "連携推進会議（修正）"
    assert AuditEntry.objects.filter(action="meetings.meeting.updated_after_publication").exists()
    # A record of an open year cannot be moved into the closed one.
    other = _meeting(chamber_a, lead_advisor_a, day=date(2024, 9, 1))
    response = client.post(
        reverse("meetings:edit", kwargs={"pk": other.pk}),
        {"kind": "partner_banks", "title": "x", "held_on": "2023-09-01",
         "lock_version": other.lock_version},
    )  # fmt: skip
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.held_on == date(2024, 9, 1)


def test_the_coordinator_meetings_pack_is_frozen(plan_a, chamber_a, lead_advisor_a):
    _meeting(chamber_a, lead_advisor_a, kind="bank_liaison", day=date(2024, 5, 10))
    coordinator = _meeting(chamber_a, lead_advisor_a, kind="coordinator", day=date(2024, 9, 28))
    rows = {r["key"]: r for r in coordinator.progress_pack["rows"]}
    assert rows["bank-meeting"]["cumulative"][4] == 1
    assert coordinator.progress_pack["as_of"] == "2024-09-28"
    pack = coordinator.progress_pack
    # Records changed after the meeting do not change its pack.
    _meeting(chamber_a, lead_advisor_a, kind="bank_liaison", day=date(2024, 6, 10))
    coordinator.refresh_from_db()
    assert coordinator.progress_pack == pack
    assert {r["key"]: r for r in coordinator.progress_pack["rows"]}["bank-meeting"]["cumulative"][
        5
    ] == 1
    # A review decision only for a row that asked for one.
    asked = [r for r in pack["rows"] if r["needs_review"]]
    assert asked
    decision = ReviewDecision(
        organization=chamber_a, meeting=coordinator, row_key=asked[0]["key"],
        change="重点地区を見直す", responsible="経営支援課長", due_on=date(2024, 10, 31),
    )  # fmt: skip
    services.record_review(decision, actor=lead_advisor_a)
    assert decision.row_title == asked[0]["title"]
    on_schedule = next(r for r in pack["rows"] if not r["needs_review"])
    with pytest.raises(DomainError):
        services.record_review(
            ReviewDecision(organization=chamber_a, meeting=coordinator,
                           row_key=on_schedule["key"], change="x", responsible="y",
                           due_on=date(2024, 10, 31)),
            actor=lead_advisor_a,
        )  # fmt: skip


def test_rules_count_records_without_a_business(plan_a, chamber_a, lead_advisor_a):
    for month in (5, 9):
        _meeting(chamber_a, lead_advisor_a, kind="regional_liaison", day=date(2024, month, 20))
    _meeting(chamber_a, lead_advisor_a, kind="briefing", day=date(2024, 6, 1))  # not counted
    _meeting(chamber_a, lead_advisor_a, kind="city_liaison", day=date(2024, 7, 1))
    Publication(
        organization=chamber_a, kind="followcall_result", title="結果", medium="website",
        published_on=date(2024, 6, 30),
    ).save()  # fmt: skip
    result = evaluate(plan_a, 2024)
    assert result.row("regional-cooperation").actual == 2
    assert result.row("followcall-publication").actual == 1
    city = result.row("city-cooperation")
    assert (city.status, city.actual_display, city.counted) == ("carried_out", "連携", True)
    assert result.row("support-conference").status == ""  # no conference: not carried out
    listed = drilldown(plan_a, 2024, "regional-cooperation")
    assert [m.held_on.month for m in listed] == [5, 9]
    assert list(drilldown(plan_a, 2024, "city-cooperation").values_list("kind", flat=True)) == [
        MeetingKind.CITY_LIAISON
    ]


def test_distinct_businesses_and_business_facts_are_refused_for_kinds_without_a_business():
    with pytest.raises(RuleError, match="records"):
        parse_rule({"count": "distinct_businesses", "of": "meeting"})
    with pytest.raises(RuleError, match="district"):
        parse_rule({"count": "records", "of": "publication", "where": {"district": "鳩ヶ谷"}})
    with pytest.raises(RuleError):
        parse_rule({"count": "records", "of": "meeting", "where": {"kind": "no_such_kind"}})
    assert parse_rule({"count": "records", "of": "meeting", "where": {"kind": "steering"}})


def test_plan_import_names_the_line_of_a_refused_rule(chamber_a, lead_advisor_a):
    from bansou.evaluation import services as plan_services
    from bansou.evaluation.demo import PLAN_FILE

    text = PLAN_FILE.read_text(encoding="utf-8").replace(
        "          of: meeting\n          where: {kind: bank_liaison}",
        "          of: meeting\n          where: {kind: bank_liaison, is_small: true}",
    )
    with pytest.raises(DomainError) as refused:
        plan_services.import_definition(chamber_a, text, actor=lead_advisor_a)
    assert "is_small" in str(refused.value.message)


def test_guide_pages_keep_every_version(chamber_a, advisor_a):
    client = login(advisor_a)
    url = reverse("meetings:guide_edit", kwargs={"theme": "startup"})
    client.post(url, {"title": "創業", "body": "# 初版", "note": ""})
    client.post(url, {"title": "創業", "body": "# 第2版\n\n- 追記", "note": "追記"})
    page = GuidePage.objects.get(organization=chamber_a, theme="startup")
    assert list(page.versions.values_list("number", flat=True)) == [2, 1]
    assert page.current.number == 2
    show = reverse("meetings:guide_page", kwargs={"theme": "startup"})
    assert "<h1>第2版</h1>" in client.get(show).content.decode()
    old = client.get(show + "?version=1").content.decode()
    assert "<h1>初版</h1>" in old and "最新版ではありません" in old


def test_markdown_is_sanitised():
    html = render(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>"
        "\n\n**太字**"
    )
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "<strong>太字</strong>" in html


def test_the_register_runs_a_constant_number_of_queries(
    chamber_a, lead_advisor_a, django_assert_max_num_queries
):
    client = login(lead_advisor_a)
    url = reverse("meetings:list")
    _meeting(chamber_a, lead_advisor_a)
    client.get(url)  # warm the session
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    Meeting.objects.bulk_create(
        Meeting(organization=chamber_a, kind="other", title=f"会議{n}", held_on=date(2024, 5, 1),
                fiscal_year=2024, created_by=lead_advisor_a)
        for n in range(60)
    )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:publications")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("meetings:staffdev")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:guide")).status_code == 200


def test_the_drilldown_page_lists_meetings_and_guide_versions(
    plan_a, chamber_a, lead_advisor_a, django_assert_max_num_queries
):
    for month in (5, 7, 9):
        _meeting(chamber_a, lead_advisor_a, kind="regional_liaison", day=date(2024, month, 20))
    version = services.save_guide(
        GuidePage(organization=chamber_a, theme="dx"), title="DXの手引き", body="# DX",
        note="", actor=lead_advisor_a,
    )  # fmt: skip
    version.saved_at = datetime(2024, 10, 1, 3, 0, tzinfo=UTC)
    version.save()  # saved in FY2024
    client = login(lead_advisor_a)
    url = reverse("evaluation:drilldown", args=[plan_a.pk, 2024, "regional-cooperation"])
    # The drilldown asks each record kind once: the bound grows with kinds, never with rows.
    with django_assert_max_num_queries(len(KINDS) + 20):
        text = client.get(url).content.decode()
    assert text.count('href="/meetings/') >= 3 and "令和6年9月20日" in text
    url = reverse("evaluation:drilldown", args=[plan_a.pk, 2024, "support-guide"])
    text = client.get(url).content.decode()
    assert "DXの手引き（v1）" in text and "/meetings/guide/dx/?version=1" in text
    export = client.get(
        reverse("evaluation:drilldown_export", args=[plan_a.pk, 2024, "regional-cooperation"]),
        {"format": "csv"},
    )
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert body.count("regional_liaison 2024-") == 3 and "数えた記録" in body
