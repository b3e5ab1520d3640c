"""The streaming xlsx writer: Excel serial dates, escaping, many rows in little time."""

import io
import time as clock
from datetime import date, datetime, time

import pytest
from openpyxl import load_workbook

from bansou.lib.xlsx import column_letters, excel_serial, write_xlsx


@pytest.mark.parametrize(
    ("value", "serial"),
    [
        (date(1900, 1, 1), 1),
        (date(1900, 2, 28), 59),
        (date(1900, 3, 1), 61),  # Excel's 1900-02-29 is serial 60
        (date(2024, 4, 1), 45383),
        (date(2025, 3, 31), 45747),
        (datetime(2024, 4, 1, 12), 45383.5),
    ],
)
def test_excel_serial(value, serial):
    assert excel_serial(value) == serial


def test_dates_before_1900_have_no_serial():
    assert excel_serial(date(1899, 12, 31)) is None


def test_column_letters():
    assert column_letters(28)[-3:] == ["Z", "AA", "AB"]


def _write(header, rows) -> bytes:
    output = io.BytesIO()
    write_xlsx(
        header, rows, sheet_title="一覧 <&>", widths=[12] * len(header), text=str, output=output
    )
    return output.getvalue()


def test_markup_characters_and_spaces_survive():
    sheet = load_workbook(
        io.BytesIO(_write(["a", "b"], [["<b>&amp;</b>", "  両端の空白  "]]))
    ).active
    assert sheet.title == "一覧 <&>"
    assert [c.value for c in sheet[2]] == ["<b>&amp;</b>", "  両端の空白  "]


def test_values_of_every_type_and_gaps():
    rows = [[1, None, 2.5, True, date(1899, 1, 1), time(23, 59, 59), datetime(2019, 5, 1, 8, 0)]]
    sheet = load_workbook(io.BytesIO(_write(list("abcdefg"), rows))).active
    assert [c.value for c in sheet[2]] == [
        1,
        None,
        2.5,
        True,
        "1899-01-01",
        time(23, 59, 59),
        datetime(2019, 5, 1, 8, 0),
    ]


def test_a_hundred_thousand_rows_stream_quickly():
    rows = ([i, f"株式会社テスト{i}", date(2024, 4, 1), i * 1.5, "備考"] for i in range(100_000))
    started = clock.perf_counter()
    data = _write(["ID", "名称", "日付", "金額", "備考"], rows)
    assert clock.perf_counter() - started < 10
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(ids) == 100_000 and ids[-1] == 99_999
