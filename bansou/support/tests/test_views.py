"""Support records through HTTP: create (with bad input), page, edit, delete, list, download."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.support.models import LOCAL_TZ, SupportRecord
from bansou.support.tests.factories import make_record, tokyo
from bansou.testing import login, make_business

pytestmark = pytest.mark.django_db

TODAY = datetime(2024, 6, 10, 15, 0, tzinfo=LOCAL_TZ)


def valid_post(business, /, **overrides):
    data = {
        "business": business.pk,
        "occurred_on": "令和6年6月3日",
        "occurred_time": "14:30",
        "channel": "desk",
        "duration_minutes": "６０",
        "themes": ["cash_flow", "subsidy"],
        "condition": "売上は前年並み。",
        "issues": "原材料の値上がりで資金繰りが厳しい。",
        "analysis": "粗利率が3ポイント低下。",
        "support": "資金繰り表の作成を支援し、マル経融資を案内した。",
        "approach": "社長の不安を聞き取り、数字で示したところ納得された。",
        "next_action": "試算表を受け取る",
        "next_action_due": "R6.6.20",
    }
    data.update(overrides)
    return data


@time_machine.travel(TODAY, tick=False)
def test_create_from_the_business_page(advisor_a, business_a):
    client = login(advisor_a)
    page = client.get(reverse("support:create") + f"?business={business_a.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    # Only the preselected business is rendered, not the whole register.
    assert f'<option value="{business_a.pk}" selected>' in html
    for label in ("業況", "現状の課題", "分析内容", "支援内容", "支援対応方法"):
        assert label in html
    response = client.post(reverse("support:create"), valid_post(business_a))
    assert response.status_code == 302
    assert response["Location"] == reverse("businesses:detail", args=[business_a.pk]) + "#timeline"
    record = SupportRecord.objects.get()
    assert record.staff == advisor_a
    assert record.occurred_at == datetime(2024, 6, 3, 14, 30, tzinfo=LOCAL_TZ)
    assert record.duration_minutes == 60
    assert record.next_action_due == date(2024, 6, 20)
    assert set(record.themes.values_list("theme", flat=True)) == {"cash_flow", "subsidy"}
    assert AuditEntry.objects.for_object(record).get().action == "support.record.created"
    detail = client.get(response["Location"])
    assert "資金繰り表の作成を支援し" in detail.content.decode()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("occurred_on", "令和6年6月11日", "未来"),
        ("occurred_on", "2024/6/31", "存在しない日付"),
        ("occurred_on", "", "必須"),
        ("next_action_due", "令和6年6月2日", "支援日より前"),
        ("next_action", "", "次回の対応"),
        ("duration_minutes", "0", "1 以上"),
        ("duration_minutes", "abc", "整数"),
        ("themes", [], "テーマを1つ以上"),
        ("channel", "fax", "正しく選択"),
        ("business", "999999", "検索結果から"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_writes_nothing(
    advisor_a, business_a, field, value, message
):
    response = login(advisor_a).post(
        reverse("support:create"), valid_post(business_a, **{field: value})
    )
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert not SupportRecord.objects.exists()
    assert not AuditEntry.objects.changes().exists()


@time_machine.travel(TODAY, tick=False)
def test_empty_narrative_is_refused(advisor_a, business_a):
    blank = dict.fromkeys(("condition", "issues", "analysis", "support", "approach"), " ")
    response = login(advisor_a).post(reverse("support:create"), valid_post(business_a, **blank))
    assert "少なくとも1つ" in str(response.context["form"].non_field_errors())
    assert not SupportRecord.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_business_of_another_chamber_cannot_be_chosen(advisor_a, business_a, business_b):
    response = login(advisor_a).post(reverse("support:create"), valid_post(business_b))
    assert response.status_code == 200
    assert "business" in response.context["form"].errors
    assert not SupportRecord.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_forged_organization_is_refused(advisor_a, business_a, chamber_b):
    response = login(advisor_a).post(
        reverse("support:create"), valid_post(business_a, organization=chamber_b.pk)
    )
    assert "別の商工会議所" in str(response.context["form"].non_field_errors())
    assert not SupportRecord.objects.exists()


def test_business_options_search_by_kana(advisor_a, chamber_a, business_a):
    make_business(chamber_a, name="川口精工株式会社", name_kana="カワグチセイコウ")
    response = login(advisor_a).get(reverse("support:business_options"), {"q": "かわぐち"})
    html = response.content.decode()
    assert "川口精工株式会社" in html
    assert business_a.name not in html
    assert "selected" in html  # a single match is chosen at once


def test_detail_shows_all_fields_with_wareki(advisor_a, business_a):
    record = make_record(
        business_a,
        advisor_a,
        when=tokyo(2024, 6, 3, 14, 30),
        duration_minutes=45,
        condition="売上横ばい",
        issues="人手不足",
        analysis="生産性が低い",
        approach="納得された",
        next_action="見積を確認",
        next_action_due=date(2024, 7, 1),
    )
    html = login(advisor_a).get(reverse("support:detail", args=[record.pk])).content.decode()
    for text in (
        "令和6年6月3日 14:30",
        "令和6年度",
        "巡回訪問",
        "45",
        "資金繰り",
        "売上横ばい",
        "人手不足",
        "生産性が低い",
        "資金繰りの相談に対応した。",
        "納得された",
        "見積を確認",
        "令和6年7月1日",
        "業況",
        "支援対応方法",
    ):
        assert text in html, text


@time_machine.travel(TODAY, tick=False)
def test_edit_changes_fields_and_themes(advisor_a, business_a):
    record = make_record(business_a, advisor_a, when=tokyo(2024, 6, 3, 14, 30))
    client = login(advisor_a)
    form = client.get(reverse("support:edit", args=[record.pk])).context["form"]
    assert form.initial["occurred_time"].strftime("%H:%M") == "14:30"
    assert form.initial["themes"] == ["cash_flow"]
    data = valid_post(business_a, themes=["dx"], support="ホームページ改善を助言")
    del data["business"]
    data["lock_version"] = record.lock_version
    response = client.post(reverse("support:edit", args=[record.pk]), data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.support == "ホームページ改善を助言"
    assert list(record.themes.values_list("theme", flat=True)) == ["dx"]
    assert record.business == business_a
    assert AuditEntry.objects.for_object(record).filter(action="support.record.updated").exists()


def test_delete_returns_to_the_business(advisor_a, business_a):
    record = make_record(business_a, advisor_a)
    response = login(advisor_a).post(reverse("support:delete", args=[record.pk]))
    assert response["Location"] == reverse("businesses:detail", args=[business_a.pk])
    assert not SupportRecord.objects.exists()


def test_next_action_done_returns_to_a_local_page_only(advisor_a, business_a):
    record = make_record(business_a, advisor_a, next_action="電話")
    client = login(advisor_a)
    url = reverse("support:next_action_done", args=[record.pk])
    response = client.post(url, {"next": "/"})
    assert response["Location"] == "/"
    response = client.post(url, {"next": "https://evil.example/", "done": "0"})
    assert response["Location"] == reverse("support:detail", args=[record.pk])
    record.refresh_from_db()
    assert record.next_action_done is False


def test_list_filters(advisor_a, admin_a, business_a):
    make_record(business_a, advisor_a, when=tokyo(2024, 6, 3), channel="visit")
    make_record(business_a, admin_a, when=tokyo(2023, 6, 3), channel="desk", themes=["dx"])
    make_record(business_a, admin_a, when=tokyo(2024, 1, 15), channel="call")
    client = login(advisor_a)

    def shown(**params):
        page = client.get(reverse("support:list"), params).context["page"]
        return sorted(r.channel for r in page)

    assert shown() == ["call", "desk", "visit"]
    assert shown(mine="on") == ["visit"]
    assert shown(staff=admin_a.pk) == ["call", "desk"]
    assert shown(channel="desk") == ["desk"]
    assert shown(theme="dx") == ["desk"]
    assert shown(fiscal_year="2023") == ["call", "desk"]
    assert shown(date_from="令和6年1月1日", date_to="2024/3/31") == ["call"]


def test_list_shows_nothing_of_another_chamber(advisor_b, business_a, advisor_a):
    make_record(business_a, advisor_a)
    response = login(advisor_b).get(reverse("support:list"))
    assert response.context["page"].paginator.count == 0


def test_expert_sees_only_assigned_businesses(expert_a, assigned_business, advisor_a, chamber_a):
    other = make_business(chamber_a, name="未担当商店", name_kana="ミタントウ")
    mine = make_record(assigned_business, advisor_a)
    hidden = make_record(other, advisor_a)
    client = login(expert_a)
    page = client.get(reverse("support:list")).context["page"]
    assert [r.pk for r in page] == [mine.pk]
    assert client.get(reverse("support:detail", args=[hidden.pk])).status_code == 404
    results = client.get(reverse("support:search"), {"q": "資金繰り"}).context["results"]
    assert [r.pk for r, _s in results] == [mine.pk]


def test_export_xlsx_and_csv(advisor_a, business_a):
    make_record(business_a, advisor_a, when=tokyo(2024, 6, 3, 9, 0), themes=["dx", "subsidy"])
    client = login(advisor_a)
    response = client.get(reverse("support:export"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert "支援内容" in header and "支援対応方法" in header
    assert "令和6年6月3日" in row and "09:00" in row and "DX推進、補助金" in row
    response = client.get(reverse("support:export"), {"format": "xlsx", "channel": "desk"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@time_machine.travel(TODAY, tick=False)
def test_an_unknown_time_is_not_prefilled_stored_or_shown(advisor_a, business_a):
    client = login(advisor_a)
    form = client.get(reverse("support:create") + f"?business={business_a.pk}").context["form"]
    assert "occurred_time" not in form.initial  # not "now": the time is often not known
    response = client.post(reverse("support:create"), valid_post(business_a, occurred_time=""))
    assert response.status_code == 302
    record = SupportRecord.objects.get()
    assert record.time_known is False
    assert record.occurred_at == datetime(2024, 6, 3, 0, 0, tzinfo=LOCAL_TZ)  # sorts by day
    detail = client.get(reverse("support:detail", args=[record.pk])).content.decode()
    assert "令和6年6月3日" in detail
    shown = "令和6年6月3日 00:00"
    assert shown not in detail
    assert shown not in client.get(reverse("support:list")).content.decode()
    timeline = client.get(reverse("businesses:detail", args=[business_a.pk])).content.decode()
    assert "令和6年6月3日" in timeline and shown not in timeline
    edit = client.get(reverse("support:edit", args=[record.pk])).context["form"]
    assert "occurred_time" not in edit.initial
    exported = b"".join(client.get(reverse("support:export"), {"format": "csv"}).streaming_content)
    row = exported.decode("utf-8-sig").splitlines()[1].split(",")
    assert row[1:3] == ["令和6年6月3日", ""]  # the day, and no time


@time_machine.travel(TODAY, tick=False)
def test_blanking_a_known_time_forgets_it(advisor_a, business_a):
    record = make_record(business_a, advisor_a, when=tokyo(2024, 6, 3, 14, 30))
    client = login(advisor_a)
    data = valid_post(business_a, occurred_time="")
    del data["business"]
    data["lock_version"] = record.lock_version
    assert client.post(reverse("support:edit", args=[record.pk]), data).status_code == 302
    record.refresh_from_db()
    assert record.time_known is False
    detail = client.get(reverse("support:detail", args=[record.pk])).content.decode()
    assert "<dd>令和6年6月3日</dd>" in detail
    assert "令和6年6月3日 14:30 → 令和6年6月3日" in detail  # the history says what changed
    data["occurred_time"] = "９:05".replace("９", "9")
    data["lock_version"] = record.lock_version
    client.post(reverse("support:edit", args=[record.pk]), data)
    record.refresh_from_db()
    assert record.time_known is True
    assert record.occurred_at == datetime(2024, 6, 3, 9, 5, tzinfo=LOCAL_TZ)
