"""What the results page and the feedback PDF show, the public URL and its QR code."""

from __future__ import annotations

import segno
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import results
from .charts import bar_chart
from .models import DemandSurvey, QuestionKind


def public_path(survey: DemandSurvey) -> str:
    return reverse("demand:public_form", kwargs={"code": survey.short_code})


def public_url(request, survey: DemandSurvey) -> str:
    return request.build_absolute_uri(public_path(survey))


def qr(url: str):
    # Level M: the sheet survives a fold or a smudge at the booth.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, scale: int = 6) -> SafeString:
    """The QR code as an inline SVG (segno writes no script and no style attribute)."""
    svg = qr(url).svg_inline(scale=scale, title=url, svgclass="qr", lineclass="qr-line")
    return mark_safe(svg)  # segno escapes the title


def qr_data_uri(url: str, scale: int = 10) -> str:
    return qr(url).svg_data_uri(scale=scale)


def _scale_label(value: str, q) -> str:
    if value == "1":
        return f"1 {q.low_label}"
    if value == "5":
        return f"5 {q.high_label}"
    return value


def results_context(survey: DemandSurvey) -> dict:
    rows = []
    for r in results.build(survey):
        q = r.question
        chart = ""
        if q.kind == QuestionKind.SCALE:
            counts = [(_scale_label(v, q), n) for v, n in r.counts]
            chart = bar_chart(counts, base=r.answered, title=q.text)
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            chart = bar_chart(r.counts, base=r.answered, title=q.text)
        rows.append({"result": r, "question": q, "chart": chart})
    return {
        "survey": survey,
        "rows": rows,
        "staff_entered": survey.responses.filter(staff_entered=True).count(),
        "title": _("Demand survey results"),
    }
