"""Template filters of the evaluation table."""

from django import template
from django.utils.translation import gettext as _

from ..engine.engine import format_number
from ..engine.kinds import KINDS

register = template.Library()


@register.filter
def number(value) -> str:
    """1068 → "1,068"; None → "－"."""
    return format_number(value)


@register.filter
def target_display(row) -> str:
    if row.target_kind == "as_needed":
        return _("as needed")
    if row.target is None:
        return "－"
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
def index(sequence, position):
    return sequence[position]


@register.filter
def record_date(record):
    """The date a drilled-down record counts on (its kind's date field)."""
    for kind in KINDS.values():
        if kind.model_label.lower() == record._meta.label_lower:
            return getattr(record, kind.date_field, None)
    return None
