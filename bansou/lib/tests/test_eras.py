"""Tests for bansou.lib.eras: era boundaries, fiscal years and the forgiving date parser."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bansou.lib.eras import (
    ERAS,
    MESSAGES,
    JapaneseDateError,
    era_of,
    era_year,
    fiscal_month_index,
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_label_western,
    fiscal_year_months,
    format_wareki,
    format_wareki_short,
    parse_date,
    parse_fiscal_year,
)

# --- eras ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "name", "year"),
    [
        (date(1912, 7, 29), "明治", 45),
        (date(1912, 7, 30), "大正", 1),
        (date(1926, 12, 24), "大正", 15),
        (date(1926, 12, 25), "昭和", 1),
        (date(1989, 1, 7), "昭和", 64),
        (date(1989, 1, 8), "平成", 1),
        (date(2019, 4, 30), "平成", 31),
        (date(2019, 5, 1), "令和", 1),
        (date(1868, 1, 25), "明治", 1),
        (date(1873, 1, 1), "明治", 6),
    ],
)
def test_era_year_at_boundaries(d: date, name: str, year: int) -> None:
    era, n = era_year(d)
    assert (era.name, n) == (name, year)
    assert era_of(d).name == name


def test_each_era_starts_on_its_first_day() -> None:
    for previous, era in zip(ERAS, ERAS[1:], strict=False):
        assert era_of(era.start) == era
        assert era_of(era.start - timedelta(days=1)) == previous
        assert era.start.year - era.offset == 1


def test_era_of_accepts_datetime() -> None:
    assert era_of(datetime(2019, 5, 1, 0, 0)).name == "令和"


def test_era_of_before_meiji_raises() -> None:
    with pytest.raises(JapaneseDateError) as info:
        era_of(date(1868, 1, 24))
    assert info.value.code == "before_gregorian"


@pytest.mark.parametrize(
    ("d", "expected", "short"),
    [
        (date(2024, 4, 1), "令和6年4月1日", "R6.4.1"),
        (date(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
        (date(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
        (date(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
        (date(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
        (date(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
        (date(1912, 7, 30), "大正元年7月30日", "T1.7.30"),
        (date(1873, 1, 1), "明治6年1月1日", "M6.1.1"),
    ],
)
def test_format_wareki(d: date, expected: str, short: str) -> None:
    assert format_wareki(d) == expected
    assert format_wareki_short(d) == short


def test_format_wareki_without_gan() -> None:
    assert format_wareki(date(2019, 5, 1), first_year_as_gan=False) == "令和1年5月1日"


def test_format_before_gregorian_adoption_raises() -> None:
    for formatter in (format_wareki, format_wareki_short):
        with pytest.raises(JapaneseDateError) as info:
            formatter(date(1872, 12, 31))
        assert info.value.code == "before_gregorian"


# --- fiscal years -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "fy", "index"),
    [
        (date(2024, 3, 31), 2023, 12),
        (date(2024, 4, 1), 2024, 1),
        (date(2024, 12, 31), 2024, 9),
        (date(2025, 1, 1), 2024, 10),
        (date(2025, 3, 31), 2024, 12),
    ],
)
def test_fiscal_year_and_month_index(d: date, fy: int, index: int) -> None:
    assert fiscal_year(d) == fy
    assert fiscal_month_index(d) == index


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_bounds(2024) == (date(2024, 4, 1), date(2025, 3, 31))
    start, end = fiscal_year_bounds(2023)
    assert fiscal_year(start) == fiscal_year(end) == 2023
    assert fiscal_year(start - timedelta(days=1)) == 2022
    assert fiscal_year(end + timedelta(days=1)) == 2024


def test_fiscal_year_months() -> None:
    months = fiscal_year_months(2024)
    assert len(months) == 12
    assert months[0] == (2024, 4)
    assert months[8] == (2024, 12)
    assert months[9] == (2025, 1)
    assert months[-1] == (2025, 3)


@pytest.mark.parametrize(
    ("fy", "label"),
    [
        (2018, "平成30年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2024, "令和6年度"),
        (1988, "昭和63年度"),
        (1989, "平成元年度"),
    ],
)
def test_fiscal_year_label(fy: int, label: str) -> None:
    assert fiscal_year_label(fy) == label
    assert parse_fiscal_year(label) == fy


def test_fiscal_year_label_western() -> None:
    assert fiscal_year_label_western(2024) == "2024年度"


def test_fiscal_year_label_out_of_range() -> None:
    with pytest.raises(JapaneseDateError):
        fiscal_year_label(1872)


@pytest.mark.parametrize(
    ("text", "fy"),
    [
        ("令和6年度", 2024),
        ("R6年度", 2024),
        ("r6", 2024),
        ("令和元年度", 2019),
        ("平成31年度", 2019),
        ("2024年度", 2024),
        ("2024", 2024),
        ("FY2024", 2024),
        ("fy 2024", 2024),
        ("２０２４年度", 2024),
        ("令和６年度", 2024),
        ("ＦＹ２０２４", 2024),
        (" 令和 6 年度 ", 2024),
    ],
)
def test_parse_fiscal_year(text: str, fy: int) -> None:
    assert parse_fiscal_year(text) == fy


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "invalid_fiscal_year"),
        ("令和0年度", "invalid_era_year"),
        ("令和6年", "invalid_fiscal_year"),
        ("24年度", "invalid_fiscal_year"),
        ("1800年度", "fiscal_year_out_of_range"),
        ("きょう", "invalid_fiscal_year"),
    ],
)
def test_parse_fiscal_year_errors(text: str, code: str) -> None:
    with pytest.raises(JapaneseDateError) as info:
        parse_fiscal_year(text)
    assert info.value.code == code
    assert str(info.value) == info.value.message


# --- parse_date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6年4月1日", date(2024, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R6.4.1", date(2024, 4, 1)),
        ("R06/04/01", date(2024, 4, 1)),
        ("r6-4-1", date(2024, 4, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("S64.1.7", date(1989, 1, 7)),
        ("T1.7.30", date(1912, 7, 30)),
        ("M6.1.1", date(1873, 1, 1)),
        ("2024/4/1", date(2024, 4, 1)),
        ("2024-04-01", date(2024, 4, 1)),
        ("2024.4.1", date(2024, 4, 1)),
        ("2024年4月1日", date(2024, 4, 1)),
        ("2024年04月01日", date(2024, 4, 1)),
        ("20240401", date(2024, 4, 1)),
        ("45383", date(2024, 4, 1)),
        ("45747", date(2025, 3, 31)),
        ("1", date(1900, 1, 1)),
        ("59", date(1900, 2, 28)),
        ("61", date(1900, 3, 1)),
        ("2958465", date(9999, 12, 31)),
        ("２０２４／４／１", date(2024, 4, 1)),
        ("令和６年４月１日", date(2024, 4, 1)),
        ("㋿6年4月1日", date(2024, 4, 1)),
        ("㍻31年4月30日", date(2019, 4, 30)),
        ("Ｒ６．４．１", date(2024, 4, 1)),
        (" 令和 6年 4月 1日 ", date(2024, 4, 1)),
        ("2024 4 1", date(2024, 4, 1)),
        ("令和6年4月1日(月)", date(2024, 4, 1)),
        ("令和6年4月1日（月）", date(2024, 4, 1)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("", "empty", ""),
        ("   ", "empty", ""),
        ("2024/4/31", "invalid_date", "存在しない日付です: 2024年4月31日"),
        ("令和6年2月30日", "invalid_date", "存在しない日付です: 令和6年2月30日"),
        ("2023/2/29", "invalid_date", "2023年2月29日"),
        ("20240431", "invalid_date", "2024年4月31日"),
        ("2024/13/1", "invalid_month", "2024年13月1日"),
        ("R6.13.1", "invalid_month", "令和6年13月1日"),
        ("2024/0/1", "invalid_month", ""),
        ("2024/4/0", "invalid_date", ""),
        ("令和0年1月1日", "invalid_era_year", "令和0年"),
        ("R0.5.1", "invalid_era_year", ""),
        ("令和1年4月30日", "before_era_start", "令和は2019年5月1日からです"),
        ("H1.1.7", "before_era_start", "平成は1989年1月8日からです"),
        ("明治5年12月2日", "before_gregorian", ""),
        ("60", "excel_fake_leap_day", ""),
        ("0", "invalid_serial", ""),
        ("2958466", "invalid_serial", ""),
        ("6/4/1", "invalid_format", ""),
        ("R2024.4.1", "invalid_format", ""),
        ("2024/4-1", "invalid_format", ""),
        ("令和6年4月1日(火)", "weekday_mismatch", "月曜日"),
        ("きのう", "invalid_format", "きのう"),
        ("X6.4.1", "invalid_format", ""),
        ("2024/4/1 10:00", "invalid_format", ""),
    ],
)
def test_parse_date_errors(text: str, code: str, fragment: str) -> None:
    with pytest.raises(JapaneseDateError) as info:
        parse_date(text)
    error = info.value
    assert error.code == code
    assert fragment in error.message
    assert str(error) == error.message
    assert isinstance(error, ValueError)


def test_every_message_formats_with_its_parameters() -> None:
    for code in MESSAGES:
        error = JapaneseDateError(
            code,
            text="x",
            era="令和",
            start="2019年5月1日",
            weekday="月",
            end="平成31年4月30日",
            next_era="令和",
        )
        assert error.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_parse_date_raises_only_japanese_date_error(text: str) -> None:
    try:
        result = parse_date(text)
    except JapaneseDateError:
        return
    assert isinstance(result, date)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31)))
def test_format_parse_round_trip(d: date) -> None:
    assert parse_date(format_wareki(d)) == d
    assert parse_date(format_wareki(d, first_year_as_gan=False)) == d
    assert parse_date(format_wareki_short(d)) == d
    assert parse_date(d.isoformat()) == d


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1873, max_value=2100))
def test_fiscal_year_label_round_trip(fy: int) -> None:
    assert parse_fiscal_year(fiscal_year_label(fy)) == fy
    assert parse_fiscal_year(fiscal_year_label_western(fy)) == fy
    start, end = fiscal_year_bounds(fy)
    assert fiscal_year(start) == fiscal_year(end) == fy


# --- era boundaries: every era's first and last day, and the days either side ----------------

# (era, first day, last day); up to 昭和 the last day of an era is also the next one's first.
_BOUNDARIES = [
    ("明治", None, date(1912, 7, 30)),
    ("大正", date(1912, 7, 30), date(1926, 12, 25)),
    ("昭和", date(1926, 12, 25), date(1989, 1, 7)),
    ("平成", date(1989, 1, 8), date(2019, 4, 30)),
    ("令和", date(2019, 5, 1), None),
]
_OFFSETS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}


def _written(era: str, d: date) -> str:
    n = d.year - _OFFSETS[era]
    return f"{era}{'元' if n == 1 else n}年{d.month}月{d.day}日"


@pytest.mark.parametrize(
    ("era", "day"),
    [(era, first) for era, first, _last in _BOUNDARIES if first]
    + [(era, last) for era, _first, last in _BOUNDARIES if last],
)
def test_era_boundary_days_are_accepted(era: str, day: date) -> None:
    assert parse_date(_written(era, day)) == day


@pytest.mark.parametrize(
    ("era", "day"),
    [(era, first - timedelta(days=1)) for era, first, _last in _BOUNDARIES if first],
)
def test_day_before_an_era_is_refused(era: str, day: date) -> None:
    with pytest.raises(JapaneseDateError) as info:
        parse_date(_written(era, day))
    assert info.value.code == "before_era_start"


@pytest.mark.parametrize(
    ("era", "day", "last_day_text"),
    [
        ("明治", date(1912, 7, 31), "明治45年7月30日"),
        ("大正", date(1926, 12, 26), "大正15年12月25日"),
        ("昭和", date(1989, 1, 8), "昭和64年1月7日"),
        ("平成", date(2019, 5, 1), "平成31年4月30日"),
    ],
)
def test_day_after_an_era_is_refused_naming_its_last_day(
    era: str, day: date, last_day_text: str
) -> None:
    with pytest.raises(JapaneseDateError) as info:
        parse_date(_written(era, day))
    assert info.value.code == "after_era_end"
    assert f"{era}は{last_day_text}までです" in info.value.message


@pytest.mark.parametrize(
    "text", ["平成31年5月1日", "H31.5.1", "昭和64年1月8日", "S64.1.8", "平成32年1月1日"]
)
def test_dates_that_never_existed_in_their_era_are_refused(text: str) -> None:
    with pytest.raises(JapaneseDateError) as info:
        parse_date(text)
    assert info.value.code == "after_era_end"


def test_every_era_but_the_current_one_has_a_last_day() -> None:
    assert [era.end is None for era in ERAS] == [False] * (len(ERAS) - 1) + [True]
    for era, following in zip(ERAS, ERAS[1:], strict=False):
        assert following.start - era.end <= timedelta(days=1)
