"""The analysis queue as a file: queue order and position, the filters, safe cells, one query."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from bansou.testing import count_queries, csv_rows, download, login, make_business, xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("motivation:export")


@pytest.fixture
def queue(chamber_a, district_a, advisor_a, business_b, advisor_b, make_check):
    low = make_business(chamber_a, district_a, name="低得点商店", name_kana="テイ")
    high = make_business(chamber_a, district_a, name="高得点商店", name_kana="コウ")
    flagged = make_business(chamber_a, None, name="=1+1", name_kana="イコール")
    make_check(low, advisor_a, points=1, checked_on=date(2019, 5, 1))
    make_check(high, advisor_a, points=4)
    make_check(flagged, advisor_a, points=0, priority=True, priority_reason="事業承継の相談")
    make_check(business_b, advisor_b, points=4)


def test_xlsx_is_in_queue_order_with_position_score_rank_and_reason(advisor_a, queue):
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx"))
    assert rows[0][:3] == ("順位", "事業者ID", "事業者")
    assert [row[0] for row in rows[1:]] == [1, 2, 3]
    assert [row[2] for row in rows[1:]] == ["=1+1", "高得点商店", "低得点商店"]
    first, second, third = rows[1:]
    assert first[6] == "はい" and first[7] == "事業承継の相談"
    assert second[6] == "いいえ" and Decimal(str(second[5])) == Decimal("100")
    assert second[4] == "A" and second[3] == "青木"
    assert third[9] == "令和元年5月1日" and third[10] == "令和元年度"


def test_the_queue_filters_apply(advisor_a, district_a, queue):
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx", rank="A"))
    assert [row[2] for row in rows[1:]] == ["高得点商店"]
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx", district=district_a.pk))
    assert [(row[0], row[2]) for row in rows[1:]] == [(1, "高得点商店"), (2, "低得点商店")]


def test_western_dates(advisor_a, queue):
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx", dates="western"))
    assert rows[3][9] == datetime(2019, 5, 1)


def test_csv_encodings_and_formula_guard(advisor_a, queue):
    client = login(advisor_a)
    rows = csv_rows(download(client, URL, format="csv"))
    assert rows[0][0] == "順位"
    assert rows[1][2] == "'=1+1"
    sjis = csv_rows(download(client, URL, format="csv", encoding="cp932"), "cp932")
    assert sjis[2][2] == "高得点商店"


def test_another_chambers_queue_is_absent(advisor_a, advisor_b, queue):
    assert "さくら食堂" not in {row[2] for row in xlsx_rows(download(login(advisor_a), URL))}
    assert [row[2] for row in xlsx_rows(download(login(advisor_b), URL))[1:]] == ["さくら食堂"]


def test_the_queue_links_its_download_with_the_filter(advisor_a, queue):
    page = login(advisor_a).get(reverse("motivation:queue"), {"rank": "A"}).content.decode()
    assert f'href="{URL}?rank=A&amp;format=csv"' in page


def test_query_count_does_not_grow_with_rows(advisor_a, chamber_a, district_a, make_check):
    client = login(advisor_a)
    make_check(make_business(chamber_a, district_a, name="商店0"), advisor_a)
    one = count_queries(lambda: download(client, URL, format="xlsx"))
    for n in range(1, 6):
        make_check(make_business(chamber_a, district_a, name=f"商店{n}"), advisor_a)
    assert count_queries(lambda: download(client, URL, format="xlsx")) == one
