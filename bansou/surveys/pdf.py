"""The economic report as a PDF (WeasyPrint; Japanese fonts from fontconfig, as analysis)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from .presentation import round_context


def render_html(round_, *, public: bool = True) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**round_context(round_, public=public), "pdf": True}
        return render_to_string("surveys/report.html", context)


def render_pdf(round_, *, public: bool = True) -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading it costs ~0.5 s at startup

    stylesheet = finders.find("surveys/report.css")
    html = render_html(round_, public=public)
    return HTML(string=html, base_url=str(Path(stylesheet).parent)).write_pdf(
        stylesheets=[CSS(filename=stylesheet)]
    )


def filename(round_) -> str:
    return f"かわぐち経済レポート_{round_.survey.name}_{round_.period}.pdf"
