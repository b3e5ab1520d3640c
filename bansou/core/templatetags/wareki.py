"""Template filters for Japanese dates: {{ d|wareki }} → 令和6年4月1日, {{ 2024|fiscal_year }}."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from bansou.lib.eras import fiscal_year_label, format_wareki

register = template.Library()


@register.filter
def wareki(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{format_wareki(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return format_wareki(value)
    return str(value)


@register.filter
def fiscal_year(value) -> str:
    if value in (None, ""):
        return ""
    return fiscal_year_label(int(value))
