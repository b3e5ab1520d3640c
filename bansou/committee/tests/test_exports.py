"""The meeting list as a file: every meeting of the chamber, dates as 和暦 or Western."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bansou.testing import count_queries, csv_rows, download, login, xlsx_rows

from .conftest import make_meeting
from .plans import build_seed_plan

pytestmark = pytest.mark.django_db
URL = reverse("committee:meeting_export")


def test_xlsx_lists_the_meetings_with_japanese_headers(committee_a, meeting_a):
    rows = xlsx_rows(download(login(committee_a), URL, format="xlsx"))
    assert rows[0][:4] == ("ID", "評価対象年度", "経営発達支援計画", "開催日時")
    assert len(rows) == 2
    row = rows[1]
    assert row[1] == "令和6年度"
    assert row[3] == "令和7年7月15日 11:00"
    assert row[5] == "川口商工会議所会議室"
    assert row[6] == 2  # members, counted in the same query


def test_western_dates_and_csv_encodings(lead_a, meeting_a):
    client = login(lead_a)
    rows = xlsx_rows(download(client, URL, format="xlsx", dates="western"))
    assert rows[1][3] == datetime(2025, 7, 15, 11, 0)
    assert csv_rows(download(client, URL, format="csv"))[1][5] == "川口商工会議所会議室"
    sjis = csv_rows(download(client, URL, format="csv", encoding="cp932"), "cp932")
    assert sjis[0][3] == "開催日時"


def test_formula_cells_are_text(lead_a, plan_a):
    make_meeting(plan_a, lead_a, venue="=1+1")
    client = login(lead_a)
    assert csv_rows(download(client, URL, format="csv"))[1][5] == "'=1+1"
    assert xlsx_rows(download(client, URL, format="xlsx"))[1][5] == "=1+1"


def test_another_chambers_meetings_are_absent(advisor_b, meeting_a):
    assert xlsx_rows(download(login(advisor_b), URL))[1:] == []


def test_the_list_links_its_download(committee_a, meeting_a):
    page = login(committee_a).get(reverse("committee:meeting_list")).content.decode()
    assert f'href="{URL}?format=csv&amp;encoding=cp932"' in page


def test_query_count_does_not_grow_with_meetings(lead_a, chamber_a, plan_a):
    client = login(lead_a)
    make_meeting(plan_a, lead_a)
    one = count_queries(lambda: download(client, URL))
    for n in range(3):
        plan = build_seed_plan(chamber_a, lead_a, code=f"other-{n}")
        make_meeting(plan, lead_a, held_at=timezone.now())
    assert count_queries(lambda: download(client, URL)) == one
