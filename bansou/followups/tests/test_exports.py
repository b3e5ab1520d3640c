"""The follow-up lists as files: the current tab with its filters, or the by-advisor summary."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from bansou.business_plans.models import BusinessPlan
from bansou.business_plans.tests.factories import make_completed_plan
from bansou.testing import count_queries, csv_rows, download, login, make_business, xlsx_rows

from .conftest import TODAY

pytestmark = pytest.mark.django_db
URL = reverse("followups:export")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def titles(rows) -> set[str]:
    return {row[3] for row in rows[1:]}


def test_each_tab_downloads_its_plans(advisor_a, follow_up_lists):
    client = login(advisor_a)
    every = xlsx_rows(download(client, URL, format="xlsx"))
    assert every[0][:4] == ("計画ID", "事業者ID", "事業者", "計画名")
    assert titles(every) == {"今週", "期限切れ", "先", "報告なし"}
    assert titles(xlsx_rows(download(client, URL, tab="week"))) == {"今週"}
    assert titles(xlsx_rows(download(client, URL, tab="overdue"))) == {"期限切れ", "報告なし"}
    assert titles(xlsx_rows(download(client, URL, tab="missing"))) == {"報告なし"}


def test_group_and_staff_filters_apply(advisor_a, follow_up_lists):
    client = login(advisor_a)
    assert titles(xlsx_rows(download(client, URL, group="1"))) == {"今週", "期限切れ"}
    staff = str(follow_up_lists.pk)
    assert titles(xlsx_rows(download(client, URL, tab="overdue", staff=staff))) == {
        "期限切れ",
        "報告なし",
    }
    assert titles(xlsx_rows(download(client, URL, tab="week", staff=staff))) == set()


def test_rows_carry_the_group_and_dates_as_wareki_or_western(advisor_a, follow_up_lists):
    client = login(advisor_a)
    row = xlsx_rows(download(client, URL, tab="week"))[1]
    assert row[6].startswith("グループ1")
    assert row[7] == "令和7年4月3日"
    assert row[8] == "いいえ"
    late = {r[3]: r for r in xlsx_rows(download(client, URL, tab="overdue"))[1:]}
    assert late["報告なし"][6] == "初回報告待ち"
    assert late["報告なし"][8] == "はい" and late["報告なし"][11] == "はい"
    western = xlsx_rows(download(client, URL, tab="week", dates="western"))[1]
    assert western[7] == datetime(2025, 4, 3)


def test_the_by_advisor_tab_downloads_its_summary(advisor_a, follow_up_lists):
    rows = xlsx_rows(download(login(advisor_a), URL, tab="advisors", format="xlsx"))
    assert rows[0][:5] == ("担当職員", "フォロー中の計画", "期限超過", "今週予定", "報告未着")
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name["advisor-a"][:4] == (2, 0, 1, 0)
    assert by_name["advisor-a2"][:4] == (2, 2, 0, 1)
    sjis = download(login(advisor_a), URL, tab="advisors", format="csv", encoding="cp932")
    assert csv_rows(sjis, "cp932")[0][1] == "フォロー中の計画"


def test_csv_encodings_and_the_formula_guard(advisor_a, chamber_a, district_a, follow_up_lists):
    injected = make_business(chamber_a, district_a, name="=1+1", name_kana="イコール")
    make_completed_plan(injected, advisor_a, title="+SUM(A1)", completed_on=date(2024, 9, 1))
    client = login(advisor_a)
    rows = csv_rows(download(client, URL, format="csv"))
    assert rows[0][2] == "事業者"
    assert ["'=1+1", "'+SUM(A1)"] in [row[2:4] for row in rows]
    sjis = csv_rows(download(client, URL, format="csv", encoding="cp932"), "cp932")
    assert "期限切れ" in {row[3] for row in sjis}


def test_another_chambers_plans_are_absent(advisor_a, advisor_b, business_b, follow_up_lists):
    make_completed_plan(business_b, advisor_b, title="さくらの計画", completed_on=date(2024, 9, 1))
    assert "さくらの計画" not in titles(xlsx_rows(download(login(advisor_a), URL)))
    assert titles(xlsx_rows(download(login(advisor_b), URL))) == {"さくらの計画"}
    summary = xlsx_rows(download(login(advisor_b), URL, tab="advisors"))
    assert [row[0] for row in summary[1:]] == ["advisor-b"]


def test_the_list_links_the_download_of_its_tab(advisor_a, follow_up_lists):
    page = login(advisor_a).get(reverse("followups:list"), {"tab": "overdue", "group": "1"})
    assert f'href="{URL}?tab=overdue&amp;group=1&amp;format=csv"' in page.content.decode()


def test_query_count_does_not_grow_with_rows(advisor_a, business_a):
    client = login(advisor_a)
    make_completed_plan(business_a, advisor_a, title="計画")
    small = {
        tab: count_queries(lambda t=tab: download(client, URL, tab=t))
        for tab in ("all", "advisors")
    }
    for n in range(8):
        make_completed_plan(business_a, advisor_a, title=f"追加{n}")
    assert BusinessPlan.objects.count() == 9
    for tab in ("all", "advisors"):
        assert count_queries(lambda t=tab: download(client, URL, tab=t)) == small[tab]
