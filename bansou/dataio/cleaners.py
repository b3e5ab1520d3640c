"""Cell cleaners: a cell as read from CSV (text) or xlsx (text, number, date, bool) to a value.

Each raises CellError with a Japanese message; the parsing rules themselves live in bansou/lib
(eras.parse_date, text.parse_integer, corporate_number.validate_corporate_number) so that
forms and imports read 令和6年4月1日, １，０６８ and ▲5 the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from bansou.lib.corporate_number import CorporateNumberError, validate_corporate_number
from bansou.lib.eras import JapaneseDateError, format_wareki, parse_date, parse_fiscal_year
from bansou.lib.tabular import unguard_formula
from bansou.lib.text import (
    NumberFormatError,
    PhoneFormatError,
    PostalCodeError,
    normalise_phone,
    normalise_postal_code,
    parse_decimal,
    parse_integer,
)

# Text cells longer than this are refused before any parsing (a CSV field may be 128 KB).
MAX_CELL_LENGTH = 10_000
_SPACES_RE = re.compile(r"\s+")
_TIME_RE = re.compile(
    r"(?P<h>[0-9]{1,2})(?::|時)(?P<m>[0-9]{1,2})(?:分)?(?:(?::)(?P<s>[0-9]{1,2}))?"
)


class CellError(ValueError):
    """A cell that cannot be stored; `message` is shown with the row number and column."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 12 as 12.0
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def key(value: str) -> str:
    """Comparable form of a label or header: NFKC, casefold, no spaces."""
    return _SPACES_RE.sub("", unicodedata.normalize("NFKC", value).casefold())


# --- text ---------------------------------------------------------------------------------


def text(value) -> str:
    s = _as_text(value).strip()
    if len(s) > MAX_CELL_LENGTH:
        raise CellError(
            _("The text is too long (at most %(max)s characters).") % {"max": MAX_CELL_LENGTH}
        )
    return s


def unguarded_text(value) -> str:
    """Text as bansou's own CSV export wrote it: the apostrophe that keeps 「-」 or 「=…」
    from running as a formula is dropped, so an exported file imports back unchanged."""
    return unguard_formula(text(value))


def limited_text(max_length: int) -> Callable[[object], str]:
    def clean(value) -> str:
        s = text(value)
        if len(s) > max_length:
            raise CellError(
                _("At most %(max)s characters (this one has %(length)s).")
                % {"max": max_length, "length": len(s)}
            )
        return s

    return clean


def code(value) -> str:
    """An identifier from another system: NFKC (full-width digits) and no spaces."""
    s = _SPACES_RE.sub("", unicodedata.normalize("NFKC", _as_text(value)))
    if len(s) > 100:
        raise CellError(_("An identifier has at most 100 characters."))
    return s


# --- numbers ------------------------------------------------------------------------------


def _number_error(exc: NumberFormatError) -> CellError:
    return CellError(exc.message)


def integer(value, *, allow_negative: bool = True) -> int:
    if isinstance(value, bool):
        raise CellError(_("Enter a number, not TRUE or FALSE."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise CellError(_("Enter a whole number: %(value)s") % {"value": value})
        number = int(value)
    elif isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise CellError(_("Enter a whole number: %(value)s") % {"value": value})
        number = int(value)
    else:
        s = text(value)
        try:
            number = parse_integer(s, allow_negative=allow_negative)
        except NumberFormatError as exc:
            raise _number_error(exc) from None
    if number < 0 and not allow_negative:
        raise CellError(_("A negative number is not allowed here: %(value)s") % {"value": number})
    if abs(number) > 10**15:
        raise CellError(_("The number is too large: %(value)s") % {"value": number})
    return number


def positive_integer(value) -> int:
    number = integer(value, allow_negative=False)
    if number > 32767:
        raise CellError(_("The number is too large: %(value)s") % {"value": number})
    return number


def record_id(value) -> int:
    """bansou's id of a stored record, as exported (a big integer, not a small one)."""
    number = integer(value, allow_negative=False)
    if number == 0:
        raise CellError(_("Enter a whole number of 1 or more: %(value)s") % {"value": number})
    return number


def count(value) -> int:
    """A count of people or things (PositiveIntegerField)."""
    number = integer(value, allow_negative=False)
    if number > 2_147_483_647:
        raise CellError(_("The number is too large: %(value)s") % {"value": number})
    return number


def money(value) -> int:
    """Thousands of yen; ▲ and △ mean minus (決算書 notation)."""
    return integer(value, allow_negative=True)


def decimal(value) -> Decimal:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    try:
        return parse_decimal(text(value))
    except NumberFormatError as exc:
        raise _number_error(exc) from None


# --- dates and times ----------------------------------------------------------------------


def day(value) -> date:
    """令和6年4月1日, R6.4.1, R06/04/01, H31.4.30, 2024/4/1, 20240401 or an Excel serial."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(_("Enter a date such as 令和6年4月1日 or 2024/4/1."))
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise CellError(_("Enter a date such as 令和6年4月1日 or 2024/4/1."))
        value = int(value)
    try:
        return parse_date(text(value))
    except JapaneseDateError as exc:
        raise CellError(exc.message) from None


def time_of_day(value) -> time:
    """14:30, 14時30分, or Excel's fraction of a day (0.5 is noon)."""
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, timedelta):
        value = value.total_seconds() / 86400
    if isinstance(value, float | int) and not isinstance(value, bool):
        if not 0 <= value < 1:
            raise CellError(_("Enter a time such as 14:30."))
        seconds = round(value * 86400)
        return (
            time(seconds // 3600, seconds // 60 % 60, seconds % 60)
            if seconds < 86400
            else time(23, 59, 59)
        )
    s = _SPACES_RE.sub("", unicodedata.normalize("NFKC", text(value)))
    match = _TIME_RE.fullmatch(s)
    if not match:
        raise CellError(_("Enter a time such as 14:30."))
    try:
        return time(int(match["h"]), int(match["m"]), int(match["s"] or 0))
    except ValueError:
        raise CellError(_("This time does not exist: %(value)s") % {"value": s}) from None


def fiscal_year(value) -> int:
    """令和6年度, R6年度, 2024年度 or 2024."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return parse_fiscal_year(text(value))
    except JapaneseDateError as exc:
        raise CellError(exc.message) from None


# --- identifiers --------------------------------------------------------------------------


def identifier_display(value) -> str:
    """An ID as the preview shows it: digits only, as the ID column of an export writes it
    (999999, never 999,999)."""
    return "" if value is None or value == "" else str(value)


def corporate_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a 13-digit number typed into Excel is stored as a float
    try:
        return validate_corporate_number(text(value))
    except CorporateNumberError as exc:
        raise CellError(exc.message) from None


def phone(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Excel drops the leading zero of 0482282220 stored as a number.
        value = "0" + _as_text(value)
    try:
        return normalise_phone(text(value))
    except PhoneFormatError as exc:
        raise CellError(exc.message) from None


def postal_code(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = _as_text(value).zfill(7)  # 0600001 typed as a number loses its zero
    try:
        return normalise_postal_code(text(value))
    except PostalCodeError as exc:
        raise CellError(exc.message) from None


# --- choices ------------------------------------------------------------------------------

TRUE_WORDS = frozenset(
    key(w)
    for w in ("1", "true", "yes", "y", "はい", "○", "〇", "◯", "有", "あり", "該当", "済", "会員")
)
FALSE_WORDS = frozenset(
    key(w)
    for w in (
        "0",
        "false",
        "no",
        "n",
        "いいえ",
        "×",
        "✕",
        "無",
        "なし",
        "非該当",
        "未",
        "非会員",
        "-",
        "－",
    )
)


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    k = key(_as_text(value))
    if k in TRUE_WORDS:
        return True
    if k in FALSE_WORDS:
        return False
    raise CellError(
        _("Enter はい or いいえ (or ○ / ×): %(value)s") % {"value": _as_text(value).strip()}
    )


def labels_index(
    choices: Iterable[tuple[str, object]], extra: dict[str, str] | None = None
) -> dict[str, str]:
    """{comparable label: code} over codes, English labels and Japanese labels."""
    from django.utils import translation

    index: dict[str, str] = {}
    for code_value, label in choices:
        index[key(str(code_value))] = code_value
        for language in ("en", "ja"):
            with translation.override(language):
                index[key(str(label))] = code_value
    for alias, code_value in (extra or {}).items():
        index[key(alias)] = code_value
    return index


def choice(choices, extra: dict[str, str] | None = None) -> Callable[[object], str]:
    """A cleaner accepting a choice's code or its label in Japanese or English."""
    cache: dict[str, dict[str, str]] = {}

    def clean(value) -> str:
        if "index" not in cache:
            cache["index"] = labels_index(choices, extra)
        index = cache["index"]
        found = index.get(key(_as_text(value)))
        if found is None:
            from django.utils import translation

            with translation.override("ja"):
                known = "、".join(str(label) for _code, label in choices)
            raise CellError(
                _("「%(value)s」 is not one of: %(choices)s")
                % {"value": _as_text(value).strip(), "choices": known}
            )
        return found

    return clean


# --- display ------------------------------------------------------------------------------


def choice_display(choices) -> Callable[[object], str]:
    """Shows a choice code (or a tuple of codes) by its label; `choices` may be a callable."""

    def show(value) -> str:
        labels = dict(choices() if callable(choices) else choices)
        codes = value if isinstance(value, tuple | list) else (value,)
        return "、".join(str(labels.get(code, code)) for code in codes if code not in (None, ""))

    return show


def display(value) -> str:
    """A cleaned value as the preview shows it (和暦 dates, はい/いいえ)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return f"{display(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        try:
            return format_wareki(value)
        except JapaneseDateError:
            return value.isoformat()
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)
