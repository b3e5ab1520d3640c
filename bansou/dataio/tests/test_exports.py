"""The history of imports as a file: every job of the chamber, Japanese headers, safe cells."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from bansou.dataio.models import ImportJob, ImportStatus
from bansou.testing import count_queries, csv_rows, download, login, xlsx_rows

pytestmark = pytest.mark.django_db
URL = reverse("dataio:jobs_export")
TOKYO = ZoneInfo("Asia/Tokyo")


def make_job(organization, user=None, **fields) -> ImportJob:
    values = {
        "kind": "businesses",
        "file_name": "register.csv",
        "file_format": "csv",
        "encoding": "cp932",
        "status": ImportStatus.COMMITTED,
        "total_rows": 3,
        "created_count": 2,
        "updated_count": 1,
        **fields,
    }
    return ImportJob.objects.create(organization=organization, user=user, **values)


@pytest.fixture
def history(chamber_a, chamber_b, advisor_a):
    with time_machine.travel(datetime(2024, 5, 1, 10, 30, tzinfo=TOKYO), tick=False):
        make_job(chamber_a, advisor_a, file_name="=1+1.csv")
    make_job(chamber_a, advisor_a, file_name="会員名簿.xlsx", file_format="xlsx", encoding="")
    make_job(chamber_b, file_name="さくら名簿.csv")


def test_xlsx_lists_the_whole_history_with_japanese_headers(advisor_a, history):
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx"))
    assert rows[0][:4] == ("ID", "作成日時", "種別", "ファイル名")
    assert len(rows) == 3
    by_name = {row[3]: row for row in rows[1:]}
    assert by_name["会員名簿.xlsx"][2] == "事業者"
    assert by_name["会員名簿.xlsx"][4] == "Excel (xlsx)"
    assert by_name["会員名簿.xlsx"][6] == "取込済み"
    assert by_name["=1+1.csv"][1] == "令和6年5月1日 10:30"


def test_western_dates_are_real_local_times(advisor_a, history):
    rows = xlsx_rows(download(login(advisor_a), URL, format="xlsx", dates="western"))
    row = next(r for r in rows if r[3] == "=1+1.csv")
    assert row[1] == datetime(2024, 5, 1, 10, 30)


def test_csv_is_utf8_with_a_bom_or_cp932_and_guards_formulas(advisor_a, history):
    client = login(advisor_a)
    rows = csv_rows(download(client, URL, format="csv"))
    assert rows[0][3] == "ファイル名"
    assert "'=1+1.csv" in [row[3] for row in rows]
    assert "=1+1.csv" not in [row[3] for row in rows]
    sjis = csv_rows(download(client, URL, format="csv", encoding="cp932"), "cp932")
    assert "会員名簿.xlsx" in [row[3] for row in sjis]


def test_another_chambers_imports_are_absent(advisor_a, advisor_b, history):
    names = [row[3] for row in csv_rows(download(login(advisor_a), URL, format="csv"))]
    assert "さくら名簿.csv" not in names
    names = [row[3] for row in csv_rows(download(login(advisor_b), URL, format="csv"))]
    assert names[1:] == ["さくら名簿.csv"]


def test_the_data_page_offers_the_history_download(advisor_a, history):
    page = login(advisor_a).get(reverse("dataio:index")).content.decode()
    assert f'href="{URL}?format=csv&amp;encoding=cp932"' in page


def test_query_count_does_not_grow_with_the_jobs(advisor_a, chamber_a):
    client = login(advisor_a)
    make_job(chamber_a, advisor_a)
    one = count_queries(lambda: download(client, URL, format="xlsx"))
    for n in range(20):
        make_job(chamber_a, advisor_a, file_name=f"file{n}.csv")
    assert count_queries(lambda: download(client, URL, format="xlsx")) == one
