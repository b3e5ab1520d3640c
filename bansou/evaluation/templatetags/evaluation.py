"""Template filters of the evaluation table."""

from datetime import datetime
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from bansou.lib import formatting

from ..engine.engine import format_number
from ..engine.kinds import KINDS

register = template.Library()


@register.filter
def number(value) -> str:
    """1068 → "1,068"; None → "－"."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)  # a record's own amount (a PositiveSmallIntegerField)
    return format_number(value)


@register.filter
def target_display(row) -> str:
    if row.target_kind == "as_needed":
        return _("as needed")
    if row.target is None:
        return "－"
    if row.target_kind == "at_least":
        return _("%(number)s or more") % {"number": format_number(row.target)}
    return format_number(row.target)


@register.filter
def grade_basis_text(section) -> str:
    """How the grade was reached, as the report writes it ("C, A, A → B")."""
    if section.grade is None:
        return ""
    if section.grade_basis == "subsections":
        grades = ", ".join(s.grade or "－" for s in section.subsections)
        return f"{grades} → {section.grade}"
    if section.grade_basis == "qualitative":
        return _("every row carried out → %(grade)s") % {"grade": section.grade}
    return f"{section.percent}% → {section.grade}"


@register.filter
def grade_legend(scale) -> str:
    """ "A 100%以上、B 80%以上、C 50%以上、D 30%以上、E 30%未満": the lowest grade is named by the
    bound it falls short of, never as a bare 「E 未満」."""
    parts = []
    previous = None
    for band in scale:
        minimum = Decimal(str(band["min_percent"]))
        if minimum > 0:
            parts.append(_("%(grade)s %(percent)s%% or more") % _band(band["grade"], minimum))
        elif previous is not None:
            parts.append(_("%(grade)s below %(percent)s%%") % _band(band["grade"], previous))
        else:
            parts.append(str(band["grade"]))
        previous = minimum
    return "、".join(parts)


def _band(grade, percent: Decimal) -> dict:
    return {"grade": grade, "percent": formatting.count(percent)}


@register.filter
def computed_at(value) -> str:
    """The moment an evaluation was computed (stored as ISO text) in 和暦 with the time."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formatting.wareki_datetime(moment)


@register.filter
def index(sequence, position):
    return sequence[position]


@register.filter
def record_date(record):
    """The date a drilled-down record counts on (its kind's date field)."""
    for kind in KINDS.values():
        if kind.model_label.lower() == record._meta.label_lower:
            return getattr(record, kind.date_field, None)
    return None
