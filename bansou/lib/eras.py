"""Japanese eras (和暦) and fiscal years (年度): formatting and forgiving parsing."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = [
    "ERAS",
    "GREGORIAN_ADOPTION",
    "MESSAGES",
    "Era",
    "JapaneseDateError",
    "era_of",
    "era_year",
    "fiscal_month_index",
    "fiscal_year",
    "fiscal_year_bounds",
    "fiscal_year_label",
    "fiscal_year_label_western",
    "fiscal_year_months",
    "format_wareki",
    "format_wareki_short",
    "parse_date",
    "parse_fiscal_year",
]


@dataclass(frozen=True)
class Era:
    """One Japanese era; western year = offset + era year; `end` is the last day it names."""

    name: str
    letter: str
    start: date
    offset: int
    end: date | None = None


# Up to 昭和 an era changed on the day of accession (即日改元), so that day is written in
# both eras: 1912-07-30 is 明治45年7月30日 and 大正元年7月30日. 平成 and 令和 began the day
# after (翌日改元), so 昭和64年1月7日 and 平成31年4月30日 are the last days of theirs.
ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 1, 25), 1867, date(1912, 7, 30)),
    Era("大正", "T", date(1912, 7, 30), 1911, date(1926, 12, 25)),
    Era("昭和", "S", date(1926, 12, 25), 1925, date(1989, 1, 7)),
    Era("平成", "H", date(1989, 1, 8), 1988, date(2019, 4, 30)),
    Era("令和", "R", date(2019, 5, 1), 2018),
)

# Japan switched to the Gregorian calendar on 明治6年1月1日 (明治5年太政官布告第337号).
# Era dates before that are lunisolar, so "offset + era year" would give the wrong day.
GREGORIAN_ADOPTION = date(1873, 1, 1)

# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is the non-existent
# 1900-02-29 that Lotus 1-2-3 invented; serial 2958465 is 9999-12-31.
EXCEL_SERIAL_MAX = 2958465
EXCEL_FAKE_LEAP_DAY = 60

# Fiscal years must leave room for the March of the following calendar year.
FISCAL_YEAR_MIN = GREGORIAN_ADOPTION.year
FISCAL_YEAR_MAX = 9998

MESSAGES: dict[str, str] = {
    "empty": "日付が入力されていません。",
    "invalid_format": "日付の形式が正しくありません: {text}（例: 令和6年4月1日、R6.4.1、2024/4/1）",
    "invalid_month": "月が正しくありません（1〜12月）: {text}",
    "invalid_date": "存在しない日付です: {text}",
    "invalid_era_year": "{era}0年はありません。最初の年は元年（1年）です: {text}",
    "before_era_start": "存在しない日付です: {text}（{era}は{start}からです）",
    "after_era_end": "存在しない日付です: {text}（{era}は{end}までです。翌日からは{next_era}）",
    "before_gregorian": "1873年（明治6年）1月1日より前の日付は旧暦のため和暦で扱えません: {text}",
    "weekday_mismatch": "曜日が日付と合っていません（正しくは{weekday}曜日）: {text}",
    "invalid_serial": "Excelの日付シリアル値は1〜2958465の範囲です: {text}",
    "excel_fake_leap_day": "Excelのシリアル値60（1900年2月29日）は実在しない日付です: {text}",
    "invalid_fiscal_year": (
        "年度の形式が正しくありません: {text}（例: 令和6年度、R6年度、2024年度）"
    ),
    "fiscal_year_out_of_range": "年度は1873年度から9998年度までの範囲で入力してください: {text}",
}

_WEEKDAYS = "月火水木金土日"
_ERA_BY_TOKEN: dict[str, Era] = {era.name: era for era in ERAS} | {era.letter: era for era in ERAS}
_ERA_TOKEN = "|".join([era.name for era in ERAS] + ["[" + "".join(e.letter for e in ERAS) + "]"])
# re.ASCII keeps IGNORECASE from matching look-alikes such as the long s "ſ" for "S".
_FLAGS = re.IGNORECASE | re.ASCII
_YEAR = rf"(?P<era>{_ERA_TOKEN})?(?P<year>元|[0-9]{{1,4}})"
_WEEKDAY = rf"(?:\((?P<weekday>[{_WEEKDAYS}])\))?"
_KANJI_DATE_RE = re.compile(
    _YEAR + r"年(?P<month>[0-9]{1,2})月(?P<day>[0-9]{1,2})日?" + _WEEKDAY, _FLAGS
)
_SEPARATED_DATE_RE = re.compile(
    _YEAR + r"(?P<sep>[./-])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})" + _WEEKDAY,
    _FLAGS,
)
_COMPACT_DATE_RE = re.compile(r"(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})")
_SERIAL_RE = re.compile(r"[0-9]{1,7}")
_FY_ERA_RE = re.compile(rf"(?P<era>{_ERA_TOKEN})(?P<year>元|[0-9]{{1,2}})(?:年度)?", _FLAGS)
_FY_WESTERN_RE = re.compile(r"(?:FY)?(?P<year>[0-9]{4})(?:年度)?", _FLAGS)
_SPACE_BETWEEN_DIGITS_RE = re.compile(r"(?<=[0-9])\s+(?=[0-9])")
_SPACE_RE = re.compile(r"\s+")


class JapaneseDateError(ValueError):
    """A date or fiscal year that cannot be parsed or formatted; `message` is Japanese."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        self.message = MESSAGES[code].format(**params)
        super().__init__(self.message)


# --- eras -------------------------------------------------------------------------------


def _as_date(d: date) -> date:
    # datetime is a date subclass but refuses to compare with plain dates.
    return d.date() if isinstance(d, datetime) else d


def _jp_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def era_of(d: date) -> Era:
    """Return the era in force on `d` (the latest era whose first day is on or before it)."""
    d = _as_date(d)
    for era in reversed(ERAS):
        if era.start <= d:
            return era
    raise JapaneseDateError("before_gregorian", text=_jp_date(d))


def era_year(d: date) -> tuple[Era, int]:
    """Return (era, year within the era) for `d`; year 1 is 元年."""
    era = era_of(d)
    return era, _as_date(d).year - era.offset


def _year_text(n: int, first_year_as_gan: bool = True) -> str:
    return "元" if n == 1 and first_year_as_gan else str(n)


def _checked_era_year(d: date) -> tuple[Era, int]:
    d = _as_date(d)
    if d < GREGORIAN_ADOPTION:
        raise JapaneseDateError("before_gregorian", text=_jp_date(d))
    return era_year(d)


def format_wareki(d: date, *, first_year_as_gan: bool = True, era: Era | None = None) -> str:
    """Format as "令和6年4月1日"; year 1 is written 元年 unless `first_year_as_gan` is False.

    `era` writes the day in an older era that also named it (明治45年7月30日)."""
    if era is None:
        era, n = _checked_era_year(d)
    else:
        n = _as_date(d).year - era.offset
    return f"{era.name}{_year_text(n, first_year_as_gan)}年{d.month}月{d.day}日"


def format_wareki_short(d: date) -> str:
    """Format as "R6.4.1" (era letter, era year, month, day without zero padding)."""
    era, n = _checked_era_year(d)
    return f"{era.letter}{n}.{d.month}.{d.day}"


# --- fiscal years -------------------------------------------------------------------------


def fiscal_year(d: date) -> int:
    """Fiscal year of `d`: April to March, named by the year it starts in (財政法第11条)."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """First and last day of fiscal year `fy` (fy-04-01 to (fy+1)-03-31)."""
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def fiscal_year_label(fy: int) -> str:
    """Era label of a fiscal year, e.g. 2024 → "令和6年度", 2019 → "令和元年度"."""
    # Government usage names a fiscal year by the era in force shortly after it starts:
    # FY2019 became 令和元年度 as a whole because 令和 began on 1 May 2019, one month in,
    # while FY1988 stayed 昭和63年度 because 平成 began only in January 1989. The era in
    # force on 1 May of the starting year reproduces both cases.
    if not FISCAL_YEAR_MIN <= fy <= FISCAL_YEAR_MAX:
        raise JapaneseDateError("fiscal_year_out_of_range", text=f"{fy}年度")
    era, n = era_year(date(fy, 5, 1))
    return f"{era.name}{_year_text(n)}年度"


def fiscal_year_label_western(fy: int) -> str:
    """Western label of a fiscal year, e.g. 2024 → "2024年度"."""
    return f"{fy}年度"


def fiscal_month_index(d: date) -> int:
    """Position of the month of `d` within its fiscal year: April = 1 … March = 12."""
    return (d.month - 4) % 12 + 1


def fiscal_year_months(fy: int) -> list[tuple[int, int]]:
    """(year, month) pairs of fiscal year `fy`, from April to the following March."""
    return [(fy, m) for m in range(4, 13)] + [(fy + 1, m) for m in range(1, 4)]


def _clean(text: str) -> str:
    # NFKC turns full-width digits and letters into ASCII and ㋿/㍻ into 令和/平成.
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


def parse_fiscal_year(text: str) -> int:
    """Parse "令和6年度", "R6年度", "令和元年度", "2024年度", "2024" or "FY2024" into 2024."""
    cleaned = _clean(text)
    if match := _FY_ERA_RE.fullmatch(cleaned):
        era = _ERA_BY_TOKEN[match["era"].upper()]
        n = 1 if match["year"] == "元" else int(match["year"])
        if n == 0:
            raise JapaneseDateError("invalid_era_year", era=era.name, text=text.strip())
        # An old-era year past the era's end (平成31年度, 平成32年度) is still mapped by
        # offset: such labels appear in documents written before the era change.
        fy = era.offset + n
    elif match := _FY_WESTERN_RE.fullmatch(cleaned):
        fy = int(match["year"])
    else:
        raise JapaneseDateError("invalid_fiscal_year", text=text.strip())
    if not FISCAL_YEAR_MIN <= fy <= FISCAL_YEAR_MAX:
        raise JapaneseDateError("fiscal_year_out_of_range", text=text.strip())
    return fy


# --- date parsing -------------------------------------------------------------------------


def _check_month(month: int, label: str) -> None:
    if not 1 <= month <= 12:
        raise JapaneseDateError("invalid_month", text=label)


def _make_date(year: int, month: int, day: int, label: str) -> date:
    _check_month(month, label)
    try:
        return date(year, month, day)
    except ValueError:
        raise JapaneseDateError("invalid_date", text=label) from None


def _era_date(era: Era, year_text: str, month: int, day: int) -> date:
    n = 1 if year_text == "元" else int(year_text)
    label = f"{era.name}{_year_text(n)}年{month}月{day}日"
    if n == 0:
        raise JapaneseDateError("invalid_era_year", era=era.name, text=label)
    d = _make_date(era.offset + n, month, day, label)
    if d < GREGORIAN_ADOPTION:
        raise JapaneseDateError("before_gregorian", text=label)
    if d < era.start:
        raise JapaneseDateError(
            "before_era_start", era=era.name, start=_jp_date(era.start), text=label
        )
    if era.end is not None and d > era.end:
        # 平成31年5月1日 never existed: refuse it rather than guess which day was meant.
        next_era = ERAS[ERAS.index(era) + 1]
        raise JapaneseDateError(
            "after_era_end",
            era=era.name,
            end=format_wareki(era.end, era=era),
            next_era=next_era.name,
            text=label,
        )
    return d


def _date_from_match(match: re.Match[str], original: str) -> date:
    era_token, year_text = match["era"], match["year"]
    month, day = int(match["month"]), int(match["day"])
    if era_token:
        if year_text != "元" and len(year_text) > 2:
            raise JapaneseDateError("invalid_format", text=original)
        d = _era_date(_ERA_BY_TOKEN[era_token.upper()], year_text, month, day)
    else:
        # Without an era the year must be written in full, so "6/4/1" is not guessed.
        if len(year_text) != 4:
            raise JapaneseDateError("invalid_format", text=original)
        d = _make_date(int(year_text), month, day, f"{int(year_text)}年{month}月{day}日")
    weekday = match["weekday"]
    if weekday and weekday != _WEEKDAYS[d.weekday()]:
        raise JapaneseDateError("weekday_mismatch", weekday=_WEEKDAYS[d.weekday()], text=original)
    return d


def _date_from_serial(serial: int, original: str) -> date:
    if not 1 <= serial <= EXCEL_SERIAL_MAX:
        raise JapaneseDateError("invalid_serial", text=original)
    if serial == EXCEL_FAKE_LEAP_DAY:
        raise JapaneseDateError("excel_fake_leap_day", text=original)
    # Serials after the fake 29 February are one day ahead of a plain day count.
    epoch = date(1899, 12, 31) if serial < EXCEL_FAKE_LEAP_DAY else date(1899, 12, 30)
    return epoch + timedelta(days=serial)


def parse_date(text: str) -> date:
    """Parse a Japanese or western date, a compact YYYYMMDD date or an Excel serial number."""
    original = text.strip()
    normalised = unicodedata.normalize("NFKC", text).strip()
    # Spaces between digits act as separators ("2024 4 1"); deleting them would turn the
    # text into a different number, so make them an explicit separator first.
    normalised = _SPACE_BETWEEN_DIGITS_RE.sub("/", normalised)
    cleaned = _SPACE_RE.sub("", normalised)
    if not cleaned:
        raise JapaneseDateError("empty")
    for pattern in (_KANJI_DATE_RE, _SEPARATED_DATE_RE):
        if match := pattern.fullmatch(cleaned):
            return _date_from_match(match, original)
    if match := _COMPACT_DATE_RE.fullmatch(cleaned):
        year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
        return _make_date(year, month, day, f"{year}年{month}月{day}日")
    if _SERIAL_RE.fullmatch(cleaned):
        return _date_from_serial(int(cleaned), original)
    raise JapaneseDateError("invalid_format", text=original)
