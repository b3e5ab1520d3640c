"""Template filters, one per kind of value: {{ x|amount }}, {{ n|count:"件" }}, {{ d|wareki }},
{{ t|time_of_day }}."""

from django import template

from bansou.lib import formatting

from .wareki import fiscal_year, wareki, wareki_month_filter

register = template.Library()
register.filter("wareki", wareki)
register.filter("fiscal_year", fiscal_year)
register.filter("wareki_month", wareki_month_filter)


@register.filter
def amount(value) -> str:
    """1,234 or ▲1,234; — when empty."""
    return formatting.amount(value)


@register.filter
def count(value, unit: str = "") -> str:
    """15,000 or 15,000件; — when empty."""
    return formatting.count(value, unit)


@register.filter
def time_of_day(value) -> str:
    """07:30; empty when there is none."""
    return formatting.time_of_day(value)
