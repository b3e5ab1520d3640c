"""The feedback report for the business and the booth's A4 sheet as PDFs (WeasyPrint, Japanese
fonts from fontconfig, as surveys/pdf.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .presentation import qr_data_uri, results_context


def _render(template: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading it costs ~0.5 s at startup

    stylesheet = finders.find("demand/print.css")
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, {**context, "pdf": True})
    return HTML(string=html, base_url=str(Path(stylesheet).parent)).write_pdf(
        stylesheets=[CSS(filename=stylesheet)]
    )


def feedback_html(survey) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**results_context(survey), "today": timezone.localdate(), "pdf": True}
        return render_to_string("demand/feedback_report.html", context)


def feedback_pdf(survey) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**results_context(survey), "today": timezone.localdate()}
    return _render("demand/feedback_report.html", context)


def sheet_pdf(survey, url: str) -> bytes:
    return _render("demand/sheet.html", {"survey": survey, "url": url, "qr": qr_data_uri(url)})


def feedback_filename(survey) -> str:
    return f"需要動向調査_{survey.business.name}_{survey.product_name}.pdf"


def sheet_filename(survey) -> str:
    return f"アンケートのお願い_{survey.product_name}.pdf"
