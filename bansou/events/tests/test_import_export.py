"""Event participants in and out: unknown events are created, re-import changes nothing."""

import io

import openpyxl
import pytest
from django.urls import reverse

from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file
from bansou.events.models import Event, EventParticipation
from bansou.testing import csv_bytes, login

pytestmark = pytest.mark.django_db

HEADER = ["イベント名", "開催日", "種別", "会場", "法人番号", "成約件数", "新規取引先", "備考"]


def run(path, chamber, actor):
    return import_file(
        get_import_kind("event_participants"), path, organization=chamber, actor=actor
    )


def test_participants_import_creates_events_and_is_idempotent(
    chamber_a, business_a, advisor_a, tmp_path
):
    path = tmp_path / "p.csv"
    path.write_bytes(
        csv_bytes(
            [
                HEADER,
                [
                    "川口i-mono展示会",
                    "令和6年11月5日",
                    "展示会",
                    "SKIPシティ",
                    business_a.corporate_number,
                    "２",
                    "3",
                    "好評",
                ],
                ["経営セミナー", "R6.6.1", "セミナー", "", business_a.corporate_number, "", "", ""],
            ],
            "cp932",
        )
    )
    result, job = run(path, chamber_a, advisor_a)
    assert result.error_count == 0, list(result.problems.first)
    exhibition = Event.objects.get(name="川口i-mono展示会")
    assert exhibition.kind == "exhibition" and exhibition.fiscal_year == 2024
    p = EventParticipation.objects.get(event=exhibition)
    assert (p.deals_closed, p.new_trading_partners, p.note) == (2, 3, "好評")
    assert p.district == business_a.district and p.staff == advisor_a
    again, _ = run(path, chamber_a, advisor_a)
    assert again.counts == {"unchanged": 2}
    assert Event.objects.count() == 2 and EventParticipation.objects.count() == 2


def test_the_same_business_twice_for_one_event_is_a_row_error(
    chamber_a, business_a, advisor_a, tmp_path
):
    row = ["商談会", "2024/6/1", "", "", business_a.corporate_number, "1", "0", ""]
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes([HEADER, row, row]))
    result, _ = run(path, chamber_a, advisor_a)
    assert [p.row for p in result.problems.first] == [3]
    assert not Event.objects.exists()


def test_the_participant_list_downloads_and_imports_back(
    event_a, participation_a, advisor_a, tmp_path
):
    response = login(advisor_a).get(
        reverse("events:participants_export", args=[event_a.pk]), {"format": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "川口i-mono展示会" and rows[1][5] == participation_a.business.name
    path = tmp_path / "back.xlsx"
    path.write_bytes(response.content)
    result, _ = run(path, event_a.organization, advisor_a)
    assert result.counts == {"unchanged": 1}, list(result.problems.first)


def test_event_list_export_has_the_sums(event_a, participation_a, advisor_a):
    response = login(advisor_a).get(reverse("events:export"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "川口i-mono展示会" in text
    assert text.splitlines()[1].endswith(",1,2,3")
