"""The analysis list as a file: the list's filter, 和暦 or Western dates, safe cells, one query."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from bansou.analysis.models import AnalysisStatus
from bansou.testing import count_queries, csv_rows, download, login, make_business, xlsx_rows

from .factories import make_analysis

pytestmark = pytest.mark.django_db
URL = reverse("analysis:export")


@pytest.fixture
def analyses(chamber_a, district_a, business_a, business_b, advisor_a, advisor_b):
    injected = make_business(chamber_a, district_a, name="=1+1", name_kana="イコール")
    make_analysis(
        business_a,
        advisor_a,
        periods=(),
        analysed_on=date(2019, 5, 1),
        status=AnalysisStatus.COMPLETED,
        completed_on=date(2019, 5, 20),
        it_level=3,
        issues="後継者の育成",
    )
    make_analysis(injected, advisor_a, periods=(), analysed_on=date(2024, 6, 10))
    make_analysis(business_b, advisor_b, periods=(), analysed_on=date(2024, 6, 11))


def test_xlsx_has_japanese_headers_and_the_list_filter(advisor_a, business_a, analyses):
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx", fiscal_year=2019))
    assert rows[0][:4] == ("ID", "事業者ID", "事業者", "分析日")
    assert len(rows) == 2  # the FY2024 analysis is filtered out
    row = rows[1]
    assert row[1] == business_a.pk and row[2] == business_a.name
    assert row[3] == "令和元年5月1日"
    assert row[4] == "令和元年度"
    assert row[5] == "完了"
    assert row[11].startswith("3")  # the IT use level as its label
    assert row[12] == "後継者の育成"


def test_status_filter_applies(advisor_a, analyses):
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx", status="draft"))
    assert [row[2] for row in rows[1:]] == ["=1+1"]


def test_western_dates_are_real_dates(advisor_a, analyses):
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx", dates="western"))
    dates = {row[2]: row[3] for row in rows[1:]}
    assert dates["株式会社青葉鋳工所"] == datetime(2019, 5, 1)


def test_csv_utf8_bom_cp932_and_formula_guard(advisor_a, analyses):
    client = login(advisor_a)
    rows = csv_rows(download(client, URL, format="csv"))
    assert rows[0][3] == "分析日"
    names = [row[2] for row in rows[1:]]
    assert "'=1+1" in names and "=1+1" not in names
    sjis = csv_rows(download(client, URL, format="csv", encoding="cp932"), "cp932")
    assert "株式会社青葉鋳工所" in [row[2] for row in sjis]
    xlsx_names = [row[2] for row in xlsx_rows(download(client, URL, format="xlsx"))]
    assert "=1+1" in xlsx_names  # a text cell in xlsx, never a formula


def test_another_chambers_analyses_are_absent(advisor_a, analyses):
    names = [row[2] for row in csv_rows(download(login(advisor_a), URL, format="csv"))]
    assert "さくら食堂" not in names


def test_the_list_links_its_download_with_the_filter(advisor_a, analyses):
    page = login(advisor_a).get(reverse("analysis:list"), {"status": "draft"}).content.decode()
    assert f'href="{URL}?status=draft&amp;format=csv"' in page


def test_query_count_does_not_grow_with_rows(advisor_a, business_a):
    client = login(advisor_a)
    make_analysis(business_a, advisor_a, periods=())
    one = count_queries(lambda: download(client, URL, format="xlsx"))
    for day in range(1, 6):
        make_analysis(business_a, advisor_a, periods=(), analysed_on=date(2024, 7, day))
    assert count_queries(lambda: download(client, URL, format="xlsx")) == one
