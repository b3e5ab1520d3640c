"""The dashboard's figures (dashboard.figures, JSON) drawn as charts (dashboard.charts)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bansou.committee.views.progress import month_label

from .charts import BAR, HBAR, LINE, Chart, Dataset, chartjs_config, svg, table

GROUP_COLOURS = {"1": "#009e73", "2": "#56b4e9", "3": "#e69f00", "4": "#d55e00"}


def circled(number: int) -> str:
    return chr(0x2460 + number - 1) if 1 <= number <= 20 else f"{number}."


def month_labels(payload: dict) -> list[str]:
    return [month_label(int(m.split("-")[1])) for m in payload["months"]]


def pipeline_stages() -> list[tuple[str, str]]:
    return [
        ("contacts", pgettext("pipeline", "Contacts")),
        ("checks", pgettext("pipeline", "Motivation checks")),
        ("analyses", pgettext("pipeline", "Analyses")),
        ("plans", pgettext("pipeline", "Plans")),
        ("follow_ups", pgettext("pipeline", "Follow-ups")),
    ]


SHORT_LABEL = 10  # characters of a section's title on a chart's axis (a phone is narrow)


def short(text: str) -> str:
    return text if len(text) <= SHORT_LABEL else text[: SHORT_LABEL - 1] + "…"


def section_rates(payload: dict) -> Chart:
    sections = payload["sections"]
    return Chart(
        axis_labels=[f"{circled(s['number'])}{short(s['title'])}" for s in sections],
        key="sections",
        label_header=_("Section"),
        title=_("Rate of each section against its target"),
        kind=HBAR,
        labels=[f"{circled(s['number'])}{s['title']}" for s in sections],
        datasets=[Dataset(_("Rate (%)"), [s["percent"] for s in sections])],
        unit="%",
        reference=100,
        reference_label="100%",
        notes=[s["grade"] for s in sections],
        notes_label=_("Grade"),
    )


def row_progress(payload: dict, row: dict) -> Chart:
    elapsed = payload["months_elapsed"]
    prorated = row["prorated"] if row["target"] is not None else [None] * 12
    return Chart(
        key="row",
        label_header=_("Month"),
        title=_("%(row)s: cumulative actual and pro-rated target") % {"row": row["title"]},
        kind=LINE,
        labels=month_labels(payload),
        datasets=[
            Dataset(_("Cumulative actual"), row["cumulative"][:elapsed] + [None] * (12 - elapsed)),
            Dataset(_("Target pro-rated to the month"), prorated, colour="#555555", dashed=True),
        ],
        unit=row["unit"],
    )


def pipeline_months(payload: dict) -> Chart:
    months = payload["pipeline"]["months"]
    return Chart(
        key="pipeline",
        label_header=_("Month"),
        title=_("Pipeline per month"),
        kind=BAR,
        labels=month_labels(payload),
        datasets=[Dataset(label, months[stage]) for stage, label in pipeline_stages()],
        integer=True,
    )


def pipeline_staff(payload: dict) -> Chart:
    staff = payload["pipeline"]["staff"]
    return Chart(
        key="pipeline-staff",
        label_header=_("Advisor"),
        title=_("Pipeline per advisor"),
        kind=HBAR,
        labels=[one["name"] for one in staff],
        datasets=[
            Dataset(label, [one[stage] for one in staff]) for stage, label in pipeline_stages()
        ],
        stacked=True,
        integer=True,
    )


def follow_up_groups(payload: dict) -> Chart:
    groups = payload["groups"]
    return Chart(
        key="groups",
        label_header=_("Month"),
        title=_("Followed plans by group at the end of each month"),
        kind=BAR,
        labels=month_labels(payload),
        datasets=[
            Dataset(
                pgettext("dashboard", "Group %(group)s") % {"group": g}, groups[g], GROUP_COLOURS[g]
            )
            for g in ("1", "2", "3", "4")
        ],
        stacked=True,
        integer=True,
    )


def choose_row(payload: dict, key: str | None) -> dict | None:
    """The row asked for, else the first row needing review, else the first with a target."""
    rows = payload["rows"]
    by_key = {row["key"]: row for row in rows}
    if key in by_key:
        return by_key[key]
    for wanted in (lambda r: r["needs_review"], lambda r: r["target"] is not None):
        for row in rows:
            if wanted(row):
                return row
    return rows[0] if rows else None


def drawn(chart: Chart) -> dict:
    """What the template needs for one chart on the screen."""
    return {
        "chart": chart,
        "config": chartjs_config(chart),
        "table": table(chart),
        "rows": len(chart.labels),
        "horizontal": chart.kind == HBAR,
    }


def print_svgs(payload: dict) -> list:
    """The charts as SVG for print (the monthly meeting pack, the committee's PDF)."""
    charts = [section_rates(payload), pipeline_months(payload), follow_up_groups(payload)]
    return [svg(chart) for chart in charts]


def _number(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def report_chart(report: dict):
    """The section rates of a committee report (a snapshot or the live draft) as an SVG for its
    PDF: the decided grade where the committee overrode the computed one."""
    sections = [
        {
            "number": s.get("number"),
            "title": s.get("title", ""),
            "percent": _number(s.get("percent")),
            "grade": s.get("grade") or "",
        }
        for s in report.get("sections", [])
        if s.get("number")
    ]
    if not sections:
        return ""
    return svg(section_rates({"sections": sections}), width=960)


def business_finance(business) -> dict | None:
    """The business page's chart of sales, profit and break-even (dashboard.business)."""
    from .business import business_chart

    chart = business_chart(business)
    return drawn(chart) if chart is not None else None
