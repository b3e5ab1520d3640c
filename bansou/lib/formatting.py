"""One way to show each kind of value: amounts (▲), counts, 和暦 dates and times, 年度."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from .eras import fiscal_year_label, format_wareki

__all__ = [
    "amount",
    "count",
    "fiscal_year_label",
    "time_of_day",
    "wareki_date",
    "wareki_datetime",
]

# What an empty value shows as in a table cell.
NONE = "—"


def amount(value: Decimal | int | float | None, digits: int = 0, *, none: str = NONE) -> str:
    """A money amount as Japanese financial documents write it: 1,234 or ▲1,234 (never -1,234)."""
    if value is None or value == "":
        return none
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    text = f"{abs(number):,.{digits}f}"
    return f"▲{text}" if number < 0 else text


def count(value: int | Decimal | None, unit: str = "", *, none: str = NONE) -> str:
    """A count with thousands separators and its unit written close: 15,000件, 1,068."""
    if value is None or value == "":
        return none
    number = Decimal(value)
    if number == number.to_integral_value():
        text = f"{int(number):,}"
    else:
        text = f"{number.normalize():,}"
    return f"{text}{unit}"


def wareki_date(value: date | None, *, none: str = "") -> str:
    """令和6年4月1日."""
    if value is None or value == "":
        return none
    if isinstance(value, datetime):
        return wareki_datetime(value)
    return format_wareki(value)


def wareki_month(value: date | None, *, none: str = "") -> str:
    """令和6年4月: a month (a date's day is not shown)."""
    if value is None or value == "":
        return none
    text = format_wareki(date(value.year, value.month, 1))
    return text[: text.rindex("月") + 1]


def wareki_datetime(value: datetime | None, *, none: str = "") -> str:
    """令和6年4月1日 10:30, in the chamber's local time."""
    if value is None or value == "":
        return none
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_wareki(local.date())} {time_of_day(local.time())}"


def time_of_day(value: time | None, *, none: str = "") -> str:
    """07:30 (24-hour clock, as Japanese offices write it)."""
    if value is None or value == "":
        return none
    return f"{value:%H:%M}"
