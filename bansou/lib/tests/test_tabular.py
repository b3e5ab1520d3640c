"""Tests for bansou.lib.tabular: CSV and XLSX rendering, encodings and injection guards."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bansou.lib.tabular import (
    fit_to_encoding,
    guard_formula,
    iter_csv,
    render_csv,
    render_xlsx,
    unguard_formula,
)

HEADER = ["名前", "金額", "日付"]


def _read_csv(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


# --- helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+81", "'+81"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        ("川口", "川口"),
    ],
)
def test_guard_formula(text: str, expected: str) -> None:
    assert guard_formula(text) == expected
    assert unguard_formula(guard_formula(text)) == text


def test_unguard_formula_keeps_an_apostrophe_that_guards_nothing() -> None:
    assert unguard_formula("'川口") == "'川口"
    assert unguard_formula("''-") == "''-"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("川口商事", "川口商事"),
        ("㋿6年", "令和6年"),
        ("①㈱髙", "①㈱髙"),
        ("9:00〜17:00", "9:00〜17:00"),
        ("A—B", "A―B"),
        ("Café", "Cafe"),
        ("か\u3099", "が"),
        ("寿司🍣", "寿司?"),
        ("❤\ufe0f", "?"),
    ],
)
def test_fit_to_cp932(text: str, expected: str) -> None:
    fitted = fit_to_encoding(text, "cp932")
    assert fitted == expected
    fitted.encode("cp932")


def test_fit_to_utf8_keeps_text_and_replaces_lone_surrogates() -> None:
    assert fit_to_encoding("㋿🍣", "utf-8") == "㋿🍣"
    assert fit_to_encoding("a\ud800b", "utf-8") == "a?b"


# --- CSV ----------------------------------------------------------------------------------


def test_render_csv_utf8_with_bom_and_crlf() -> None:
    data = render_csv(HEADER, [["川口商事", 1000, date(2024, 4, 1)]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\xef\xbb\xbf") == 1
    assert data.endswith(b"\r\n")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert _read_csv(data) == [HEADER, ["川口商事", "1000", "2024/04/01"]]


def test_render_csv_value_types() -> None:
    row = [
        None,
        True,
        False,
        Decimal("1E+3"),
        Decimal("-1.50"),
        -5,
        2.5,
        float("nan"),
        datetime(2024, 4, 1, 9, 5, 7),
        datetime(2024, 4, 1, 9, 5, tzinfo=timezone(timedelta(hours=9))),
        time(9, 30),
        'say "hi", ok',
        "line1\nline2",
    ]
    [header, values] = _read_csv(render_csv([str(i) for i in range(len(row))], [row]))
    assert values == [
        "",
        "TRUE",
        "FALSE",
        "1000",
        "-1.50",
        "-5",
        "2.5",
        "",
        "2024/04/01 09:05:07",
        "2024/04/01 09:05:00",
        "09:30:00",
        'say "hi", ok',
        "line1\nline2",
    ]


def test_render_csv_formula_guard_applies_to_text_only() -> None:
    rows = [['=HYPERLINK("http://x")', -5, "-5", "@x", "+1", "\tx"]]
    [_, values] = _read_csv(render_csv(["a"] * 6, rows))
    assert values == ['\'=HYPERLINK("http://x")', "-5", "'-5", "'@x", "'+1", "'\tx"]


def test_render_csv_guards_header() -> None:
    [header] = _read_csv(render_csv(["=cmd"], []))
    assert header == ["'=cmd"]


def test_render_csv_cp932() -> None:
    rows = [["㋿6年4月1日", "髙橋①", "寿司🍣", "A—B"]]
    data = render_csv(["項目"] * 4, rows, encoding="cp932")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert _read_csv(data, "cp932") == [["項目"] * 4, ["令和6年4月1日", "髙橋①", "寿司?", "A―B"]]


def test_iter_csv_streams_chunks_with_one_bom() -> None:
    rows = ([f"行{i}", i] for i in range(2000))
    chunks = list(iter_csv(["名前", "番号"], rows, chunk_size=1024))
    assert len(chunks) > 5
    assert chunks[0].startswith(b"\xef\xbb\xbf")
    assert sum(chunk.count(b"\xef\xbb\xbf") for chunk in chunks) == 1
    parsed = _read_csv(b"".join(chunks))
    assert len(parsed) == 2001
    assert parsed[-1] == ["行1999", "1999"]


def test_iter_csv_is_lazy() -> None:
    def rows():
        yield ["a"]
        raise AssertionError("rows consumed before the header was sent")

    stream = iter_csv(["h"], rows())
    assert next(stream) == "\ufeffh\r\n".encode()


def test_render_csv_empty_rows() -> None:
    assert render_csv(["a", "b"], []) == "\ufeffa,b\r\n".encode()


# --- XLSX ---------------------------------------------------------------------------------


def _load(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_render_xlsx_round_trip() -> None:
    rows = [
        ["=1+1", 1000, date(2024, 4, 1)],
        ["川口商事", Decimal("12.5"), datetime(2024, 4, 1, 9, 30)],
        [None, -3, None],
    ]
    ws = _load(render_xlsx(HEADER, rows, sheet_title="事業者一覧"))
    assert ws.title == "事業者一覧"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values == [
        HEADER,
        ["=1+1", 1000, datetime(2024, 4, 1)],
        ["川口商事", 12.5, datetime(2024, 4, 1, 9, 30)],
        [None, -3, None],
    ]
    assert ws["A2"].data_type == "s"
    assert ws["B2"].data_type == "n"
    assert ws["C2"].is_date and ws["C2"].number_format == "yyyy/mm/dd"
    assert ws["C3"].is_date and ws["C3"].number_format.startswith("yyyy/mm/dd")


def test_render_xlsx_keeps_formula_like_text_exactly() -> None:
    texts = ["=1+1", "+81", "-5", "@x", "#N/A", '=HYPERLINK("http://x")']
    ws = _load(render_xlsx(["t"] * len(texts), [texts], sheet_title="s"))
    cells = list(ws.iter_rows(min_row=2))[0]
    assert [c.value for c in cells] == texts
    assert {c.data_type for c in cells} == {"s"}


def test_render_xlsx_header_style_panes_and_widths() -> None:
    ws = _load(render_xlsx(["ID", "事業者名（正式名称）", "x" * 200], [], sheet_title="s"))
    assert ws.freeze_panes == "A2"
    assert all(cell.font.b for cell in ws[1])
    widths = [ws.column_dimensions[col].width for col in "ABC"]
    assert widths[0] == 10
    assert widths[1] == 22
    assert widths[2] == 60


def test_render_xlsx_other_types() -> None:
    row = [True, 2.5, float("inf"), time(9, 30), datetime(2024, 4, 1, tzinfo=UTC)]
    ws = _load(render_xlsx(["a"] * 5, [row], sheet_title="s"))
    values = [c.value for c in ws[2]]
    assert values[:3] == [True, 2.5, None]
    assert values[3] == time(9, 30)
    assert values[4] == datetime(2024, 4, 1)


def test_render_xlsx_drops_characters_xml_cannot_hold() -> None:
    ws = _load(render_xlsx(["a", "b"], [["a\x01b\tc", "x\ud800y"]], sheet_title="s"))
    assert [c.value for c in ws[2]] == ["ab\tc", "x?y"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2024/04 一覧", "2024_04 一覧"),
        ("a[b]:c*d?e\\f", "a_b__c_d_e_f"),
        ("x" * 40, "x" * 31),
        ("", "Sheet1"),
        ("'quoted'", "quoted"),
    ],
)
def test_render_xlsx_sheet_title_is_made_valid(title: str, expected: str) -> None:
    assert _load(render_xlsx(["a"], [], sheet_title=title)).title == expected
