"""A store's usage report as a PDF to hand to the store (WeasyPrint, as surveys and analysis)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from bansou.lib.eras import fiscal_year_label


def render_html(report) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("vouchers/report_pdf.html", {"report": report, "pdf": True})


def render_pdf(report) -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading it costs ~0.5 s at startup

    stylesheet = finders.find("vouchers/report.css")
    return HTML(string=render_html(report), base_url=str(Path(stylesheet).parent)).write_pdf(
        stylesheets=[CSS(filename=stylesheet)]
    )


def filename(report) -> str:
    return f"電子商品券利用分析_{report.business.name}_{fiscal_year_label(report.fiscal_year)}.pdf"
