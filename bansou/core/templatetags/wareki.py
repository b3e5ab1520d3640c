"""Template filters for Japanese dates: {{ d|wareki }} → 令和6年4月1日, {{ 2024|fiscal_year }}."""

from django import template

from bansou.lib.eras import fiscal_year_label
from bansou.lib.formatting import wareki_date, wareki_month

register = template.Library()


@register.filter
def wareki(value) -> str:
    if value in (None, ""):
        return ""
    if hasattr(value, "year") and hasattr(value, "month"):
        return wareki_date(value)
    return str(value)


@register.filter("wareki_month")
def wareki_month_filter(value) -> str:
    """{{ d|wareki_month }} → 令和6年4月."""
    return wareki_month(value)


@register.filter
def fiscal_year(value) -> str:
    if value in (None, ""):
        return ""
    return fiscal_year_label(int(value))
