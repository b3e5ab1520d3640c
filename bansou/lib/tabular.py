"""One renderer for tabular exports: CSV (streamed or whole) and XLSX, safe for Excel."""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .xlsx import write_xlsx

__all__ = [
    "CSV_CHUNK_SIZE",
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "FORMULA_PREFIXES",
    "fit_to_encoding",
    "guard_formula",
    "iter_csv",
    "render_csv",
    "render_xlsx",
    "unguard_formula",
]

# Cells starting with these are run as formulas by spreadsheet programs (OWASP "CSV
# Injection"); a leading apostrophe makes Excel treat the cell as text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy/mm/dd"
DATETIME_FORMAT = "yyyy/mm/dd hh:mm"
# Characters of streamed CSV text buffered before a chunk is encoded and yielded.
CSV_CHUNK_SIZE = 64 * 1024
# Excel's own limits on sheet names: at most 31 characters, none of []:*?/\ .
_SHEET_TITLE_MAX = 31
_SHEET_TITLE_INVALID_RE = re.compile(r"[\[\]:*?/\\]")
_COLUMN_WIDTH_MIN = 10  # fits "yyyy/mm/dd"
_COLUMN_WIDTH_MAX = 60
# Characters whose Shift_JIS/CP932 form differs from the Unicode one people type; tried
# before NFKC, which leaves them alone.
_ENCODING_FIXUPS = str.maketrans(
    {
        "\u2014": "\u2015",  # EM DASH → HORIZONTAL BAR (CP932 0x815C)
        "\u2013": "-",  # EN DASH
        "\u00b7": "\u30fb",  # MIDDLE DOT → KATAKANA MIDDLE DOT
        "\u2022": "\u30fb",  # BULLET
        "\u00a9": "(C)",
        "\u00ae": "(R)",
    }
)
_MARK_CATEGORIES = ("Mn", "Me")
_ZERO_WIDTH_JOINER = "\u200d"

# Cell values: str, int, float, Decimal, bool, date, datetime, time, None or anything
# whose str() is the text to show.
Value = object


# --- text fitting -------------------------------------------------------------------------


def _encodable(s: str, encoding: str) -> bool:
    try:
        s.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _segments(s: str) -> list[str]:
    """Split into base characters with their combining marks and ZWJ-joined parts."""
    segments: list[str] = []
    join_next = False
    for c in s:
        if segments and (join_next or unicodedata.category(c) in _MARK_CATEGORIES):
            segments[-1] += c
        else:
            segments.append(c)
        join_next = c == _ZERO_WIDTH_JOINER
    return segments


def _without_marks(s: str) -> str:
    return "".join(
        c
        for c in unicodedata.normalize("NFKD", s)
        if unicodedata.category(c) not in _MARK_CATEGORIES
    )


def _fit_segment(segment: str, encoding: str) -> str:
    nfkc = unicodedata.normalize("NFKC", segment)
    for candidate in (segment.translate(_ENCODING_FIXUPS), nfkc, _without_marks(nfkc)):
        if candidate and _encodable(candidate, encoding):
            return candidate
    # Keep the parts the encoding can carry; an unencodable base becomes "?" and an
    # unencodable mark is dropped, so one visible character costs at most one "?".
    kept = [c if _encodable(c, encoding) else "?" if i == 0 else "" for i, c in enumerate(segment)]
    return "".join(kept)


def fit_to_encoding(s: str, encoding: str) -> str:
    """Make `s` encodable: known CP932 look-alikes, then NFKC (㋿ → 令和), then "?".

    Text that already encodes is returned unchanged, so UTF-8 output keeps it exactly
    (only lone surrogates, which no UTF codec can write, become "?").
    """
    if _encodable(s, encoding):
        return s
    return "".join(_fit_segment(segment, encoding) for segment in _segments(s))


def guard_formula(s: str) -> str:
    """Prefix "'" to text that a spreadsheet would run as a formula."""
    return "'" + s if s.startswith(FORMULA_PREFIXES) else s


def unguard_formula(s: str) -> str:
    """The text guard_formula was given: a CSV export read back imports what was stored."""
    return s[1:] if s.startswith("'") and s[1:].startswith(FORMULA_PREFIXES) else s


# --- values -------------------------------------------------------------------------------


def _naive(value: datetime) -> datetime:
    # Excel has no time zones: keep the wall-clock time. Callers pass local times
    # (Django: timezone.localtime(value)).
    return value.replace(tzinfo=None)


def _clean_value(value: Value) -> Value:
    if isinstance(value, float) and not math.isfinite(value):
        return None  # Excel cannot store NaN or infinity.
    if isinstance(value, datetime | time) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _csv_text(value: Value, encoding: str) -> str:
    value = _clean_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # the spelling Excel reads back as a boolean
    if isinstance(value, datetime):
        return (
            f"{value.year:04d}/{value.month:02d}/{value.day:02d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        )
    if isinstance(value, date):
        return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"
    if isinstance(value, Decimal):
        return format(value, "f")  # never "1E+3"
    if isinstance(value, int | float | time):
        return str(value)
    # Everything else is text (including lazy translation strings) and gets the guard.
    return guard_formula(fit_to_encoding(str(value), encoding))


def _csv_row(values: Iterable[Value], encoding: str) -> list[str]:
    return [_csv_text(v, encoding) for v in values]


# --- CSV ----------------------------------------------------------------------------------


def _drain(buffer: io.StringIO, encoder: codecs.IncrementalEncoder) -> bytes:
    data = encoder.encode(buffer.getvalue())
    buffer.seek(0)
    buffer.truncate()
    return data


def iter_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[Value]],
    *,
    encoding: str = "utf-8-sig",
    chunk_size: int = CSV_CHUNK_SIZE,
) -> Iterator[bytes]:
    """Yield the CSV in encoded chunks (header first) for streaming responses.

    Lines end in CRLF as Excel expects; the default "utf-8-sig" writes a BOM so that
    Excel detects UTF-8. For "cp932" text is fitted with fit_to_encoding.
    """
    # One incremental encoder for the whole stream, so the BOM is written only once.
    encoder = codecs.getincrementalencoder(encoding)()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_csv_row(header, encoding))
    yield _drain(buffer, encoder)
    for row in rows:
        writer.writerow(_csv_row(row, encoding))
        if buffer.tell() >= chunk_size:
            yield _drain(buffer, encoder)
    tail = _drain(buffer, encoder) + encoder.encode("", final=True)
    if tail:
        yield tail


def render_csv(
    header: Sequence[str], rows: Iterable[Sequence[Value]], *, encoding: str = "utf-8-sig"
) -> bytes:
    """The whole CSV as bytes; see iter_csv."""
    return b"".join(iter_csv(header, rows, encoding=encoding))


# --- XLSX ---------------------------------------------------------------------------------


def _sheet_title(title: str) -> str:
    title = _SHEET_TITLE_INVALID_RE.sub("_", title).strip("'")[:_SHEET_TITLE_MAX]
    return title or "Sheet1"


def _display_width(text: str) -> int:
    # Full-width (CJK) characters take two columns.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _column_width(header: str) -> int:
    return max(_COLUMN_WIDTH_MIN, min(_COLUMN_WIDTH_MAX, _display_width(header) + 2))


def _xlsx_text(value: str) -> str:
    # XML cannot hold most control characters nor lone surrogates.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return fit_to_encoding(value, "utf-8")


def render_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[Value]], *, sheet_title: str
) -> bytes:
    """An .xlsx workbook with one sheet: bold frozen header, typed cells, text kept as text.

    Integers beyond 15 digits lose precision in Excel: pass identifiers as strings. The
    sheet is written by bansou.lib.xlsx (streamed SpreadsheetML, not openpyxl's cell
    objects), which keeps a 100,000-row export within seconds.
    """
    output = io.BytesIO()
    write_xlsx(
        [str(title) for title in header],
        rows,
        sheet_title=_sheet_title(sheet_title),
        widths=[_column_width(str(title)) for title in header],
        text=_xlsx_text,
        output=output,
        created=datetime.now(),
    )
    return output.getvalue()
