"""The monthly meeting pack: the dashboard's charts on A4 (plan §9(2), the coordinators'
monthly progress meeting), drawn as SVG from the same figures and chart definitions."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from bansou.lib.eras import fiscal_year_label

from . import presentation as p
from .charts import svg

PACK_CSS = Path(__file__).resolve().parent / "static" / "dashboard" / "pack.css"


def pack_html(payload: dict) -> str:
    review = [row for row in payload["rows"] if row["needs_review"]]
    context = {
        "payload": payload,
        "sections": svg(p.section_rates(payload), width=960),
        "review": [{**row, "chart": svg(p.row_progress(payload, row))} for row in review],
        "pipeline": svg(p.pipeline_months(payload)),
        "staff": svg(p.pipeline_staff(payload)),
        "groups": svg(p.follow_up_groups(payload)),
    }
    return render_to_string("dashboard/pack.html", context)


def pack_pdf(payload: dict) -> bytes:
    from weasyprint import CSS, HTML  # loading Pango costs time: only when a pack is asked for

    html = pack_html(payload)
    return HTML(string=html, base_url=str(PACK_CSS.parent)).write_pdf(
        stylesheets=[CSS(filename=str(PACK_CSS))]
    )


def pack_filename(payload: dict) -> str:
    """月次進捗会議資料-令和6年度-20250331.pdf: the year as the chamber names it, the day as
    digits so that a folder of packs sorts by date."""
    stem = _("monthly-meeting-pack-%(year)s-%(day)s") % {
        "year": fiscal_year_label(payload["fiscal_year"]),
        "day": payload["as_of"].replace("-", ""),
    }
    return f"{stem}.pdf"
