"""The knowledge search's results as a file: the records found, as currently filtered."""

from datetime import datetime

import pytest
from django.urls import reverse

from bansou.support.tests.factories import make_record, tokyo
from bansou.testing import count_queries, csv_rows, download, login, make_business, xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("support:search_export")


def supports(rows) -> list[str]:
    column = rows[0].index("支援内容")
    return [row[column] for row in rows[1:]]


@pytest.fixture
def records(business_a, advisor_a, business_b, advisor_b):
    make_record(business_a, advisor_a, support="資金繰りの相談", when=tokyo(2019, 5, 1))
    make_record(
        business_a,
        advisor_a,
        support="事業承継の計画を作成",
        issues="後継者が決まっていない",
        themes=["succession"],
        channel="desk",
    )
    make_record(business_a, advisor_a, support='=HYPERLINK("x") 資金繰り表')
    make_record(business_b, advisor_b, support="資金繰りの助言")


def test_xlsx_has_the_matching_records_with_japanese_headers(advisor_a, records):
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx", q="資金繰"))
    assert rows[0][:3] == ("ID", "日付", "時刻")
    assert sorted(supports(rows)) == sorted(["資金繰りの相談", '=HYPERLINK("x") 資金繰り表'])
    dated = next(row for row in rows[1:] if "相談" in row[rows[0].index("支援内容")])
    assert dated[1] == "令和元年5月1日"


def test_filters_narrow_the_download_like_the_page(advisor_a, records):
    client = login(advisor_a)
    rows = xlsx_rows(download(client, URL, q="計画", channel="desk"))
    assert supports(rows) == ["事業承継の計画を作成"]
    assert supports(xlsx_rows(download(client, URL, q="計画", channel="visit"))) == []
    assert supports(xlsx_rows(download(client, URL, theme="succession"))) == [
        "事業承継の計画を作成"
    ]


def test_no_words_and_no_filter_finds_nothing_as_on_the_page(advisor_a, records):
    assert xlsx_rows(download(login(advisor_a), URL, format="xlsx"))[1:] == []


def test_western_dates(advisor_a, records):
    rows = xlsx_rows(download(login(advisor_a), URL, q="相談", dates="western"))
    assert rows[1][1] == datetime(2019, 5, 1)


def test_csv_encodings_and_the_formula_guard(advisor_a, records):
    client = login(advisor_a)
    rows = csv_rows(download(client, URL, format="csv", q="資金繰"))
    assert '\'=HYPERLINK("x") 資金繰り表' in supports(rows)
    sjis = csv_rows(download(client, URL, format="csv", encoding="cp932", q="資金繰"), "cp932")
    assert "資金繰りの相談" in supports(sjis)


def test_another_chambers_records_are_absent(advisor_a, advisor_b, records):
    assert "資金繰りの助言" not in supports(xlsx_rows(download(login(advisor_a), URL, q="資金繰")))
    assert supports(xlsx_rows(download(login(advisor_b), URL, q="資金繰"))) == ["資金繰りの助言"]


def test_the_results_link_their_download(advisor_a, records):
    page = login(advisor_a).get(reverse("support:search"), {"q": "資金繰"}).content.decode()
    assert 'href="/support/search/export/?q=%E8%B3%87%E9%87%91%E7%B9%B0&amp;format=csv"' in page


def test_query_count_does_not_grow_with_rows(advisor_a, chamber_a, district_a):
    client = login(advisor_a)
    business = make_business(chamber_a, district_a)
    make_record(business, advisor_a, support="資金繰りの相談")
    one = count_queries(lambda: download(client, URL, q="資金繰"))
    for day in range(1, 8):
        make_record(business, advisor_a, support="資金繰りの相談", when=tokyo(2024, 7, day))
    assert count_queries(lambda: download(client, URL, q="資金繰")) == one
