"""Downloads of the business list: the filter applies, Excel opens it, CSV encodings are right."""

import io

import openpyxl
import pytest
from django.urls import reverse

from bansou.testing import csv_rows, download, login, make_business, xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("businesses:export")


@pytest.fixture
def register(chamber_a, district_a):
    make_business(chamber_a, district_a, name='=HYPERLINK("x")', name_kana="イ", employees=2)
    make_business(
        chamber_a,
        district_a,
        name="川口精工",
        name_kana="カワグチセイコウ",
        founded_on="2019-05-01",
    )
    make_business(chamber_a, district_a, name="さくら食堂", name_kana="サクラショクドウ")


def test_xlsx_has_japanese_headers_wareki_dates_and_the_filter(advisor_a, register):
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx", q="せいこう"))
    assert rows[0][:3] == ("ID", "名称", "名称（フリガナ）")
    assert len(rows) == 2
    assert rows[1][1] == "川口精工"
    assert "令和元年5月1日" in rows[1]


def test_xlsx_western_dates_are_real_dates(advisor_a, register):
    content = download(login(advisor_a), URL, format="xlsx", q="せいこう", dates="western")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    founded = sheet.cell(row=2, column=14)
    assert founded.is_date
    assert founded.value.date().isoformat() == "2019-05-01"


def test_formulas_are_never_executed(advisor_a, register):
    client = login(advisor_a)
    sheet = openpyxl.load_workbook(io.BytesIO(download(client, URL, format="xlsx"))).active
    cell = next(c for c in sheet["B"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    text = download(client, URL, format="csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_csv_utf8_has_a_bom_and_cp932_reads_in_japanese_excel(advisor_a, register):
    client = login(advisor_a)
    rows = csv_rows(download(client, URL, format="csv"))
    assert rows[0][1] == "名称" and len(rows) == 4
    cp932 = csv_rows(download(client, URL, format="csv", encoding="cp932"), "cp932")
    assert "さくら食堂" in [row[1] for row in cp932]


def test_another_chambers_businesses_are_never_exported(advisor_b, register, business_b):
    text = download(login(advisor_b), URL, format="csv").decode("utf-8-sig")
    assert "さくら食堂" in text  # chamber B's own
    assert "川口精工" not in text


def test_unknown_parameters_fall_back_to_defaults(advisor_a, register):
    response = login(advisor_a).get(URL, {"format": "pdf", "dates": "x"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_export_query_count_does_not_grow(
    advisor_a, chamber_a, district_a, django_assert_max_num_queries
):
    for n in range(50):
        make_business(chamber_a, district_a, name=f"商店{n}", name_kana=f"ショウテン{n}")
    client = login(advisor_a)
    # session, user, organization, district filter choices, the businesses: not one per row
    with django_assert_max_num_queries(5):
        download(client, URL, format="xlsx")
