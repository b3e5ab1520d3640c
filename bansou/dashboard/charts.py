"""One chart, three renderings: a Chart.js configuration for the screen, an SVG for print (the
committee's PDF through WeasyPrint, where no script runs) and the table behind the chart.

A `Chart` holds the data series once; `chartjs_config`, `svg` and `table` are pure functions of
it, so the picture on the screen, the one on paper and the accessible table cannot disagree.
The SVG uses presentation attributes only (no style=""): the CSP allows no inline style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT = "'Noto Sans CJK JP', 'IPAexGothic', sans-serif"
# Colour-blind safe (Okabe–Ito), the first the darkest blue so a single series reads well.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999999")
REFERENCE_COLOUR = "#333333"

BAR = "bar"  # vertical bars (grouped, or stacked with `stacked`)
HBAR = "hbar"  # horizontal bars, one per label (rates against 100 %)
LINE = "line"


@dataclass(frozen=True)
class Dataset:
    label: str
    values: list[float | None]
    colour: str = ""
    dashed: bool = False


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page: the canvas and table ids derive from it
    title: str
    kind: str
    labels: list[str]
    datasets: list[Dataset]
    unit: str = ""
    stacked: bool = False
    reference: float | None = None  # a line drawn across the value axis (100 %)
    reference_label: str = ""
    notes: list[str] = field(default_factory=list)  # one text per label (a grade), or none
    notes_label: str = ""
    axis_labels: list[str] | None = None  # shorter labels for a narrow screen's axis
    integer: bool = False  # counts: no fractional ticks
    label_header: str = ""  # the table's first column ("month"); the title when empty

    def colour(self, index: int) -> str:
        return self.datasets[index].colour or PALETTE[index % len(PALETTE)]


def _number(value: float | None) -> str:
    if value is None:
        return "－"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def table(chart: Chart) -> dict:
    """The chart as a table: a header (the label column, one per dataset[, the notes]) and rows."""
    header = [chart.label_header or chart.title, *(d.label for d in chart.datasets)]
    if chart.notes:
        header.append(chart.notes_label)
    rows = []
    for index, label in enumerate(chart.labels):
        cells = [_number(d.values[index]) for d in chart.datasets]
        if chart.notes:
            cells.append(chart.notes[index])
        rows.append({"label": label, "cells": cells})
    return {"header": header, "rows": rows, "unit": chart.unit}


# --- Chart.js -------------------------------------------------------------------------------


def chartjs_config(chart: Chart) -> dict:
    """A JSON-serialisable Chart.js 4 configuration (static/dashboard/charts.js adds the
    reference line and the responsive settings)."""
    horizontal = chart.kind == HBAR
    datasets = []
    for index, dataset in enumerate(chart.datasets):
        colour = chart.colour(index)
        one = {
            "label": dataset.label,
            "data": dataset.values,
            "backgroundColor": colour,
            "borderColor": colour,
        }
        if chart.kind == LINE:
            one |= {"fill": False, "tension": 0, "pointRadius": 3, "spanGaps": True}
            if dataset.dashed:
                one["borderDash"] = [6, 4]
        datasets.append(one)
    value_axis = {"beginAtZero": True, "stacked": chart.stacked}
    if chart.integer:
        value_axis["ticks"] = {"precision": 0}
    if chart.reference is not None:
        values = [v for d in chart.datasets for v in d.values if v is not None]
        value_axis["suggestedMax"] = max([chart.reference * 1.1, *values])
    label_axis = {"stacked": chart.stacked, "ticks": {"autoSkip": not horizontal}}
    scales = (
        {"x": value_axis, "y": label_axis} if horizontal else {"x": label_axis, "y": value_axis}
    )
    return {
        "type": LINE if chart.kind == LINE else BAR,
        "data": {"labels": chart.axis_labels or chart.labels, "datasets": datasets},
        "options": {
            "indexAxis": "y" if horizontal else "x",
            "scales": scales,
            "plugins": {
                "legend": {"display": len(chart.datasets) > 1, "position": "bottom"},
                "reference": {"value": chart.reference, "label": chart.reference_label},
            },
        },
    }


# --- SVG ------------------------------------------------------------------------------------


def _attrs(**attributes) -> str:
    return " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attributes.items()
    )


def _el(tag: str, **attributes) -> str:
    return f"<{tag} {_attrs(**attributes)}/>"


def _text(x: float, y: float, content: str, **attributes) -> str:
    return f"<text {_attrs(x=f'{x:.1f}', y=f'{y:.1f}', **attributes)}>{escape(content)}</text>"


def _nice_max(value: float) -> float:
    """The smallest 1/2/2.5/5 × 10^n at or above `value` (a round top for the value axis)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _value_max(chart: Chart) -> float:
    if chart.stacked:
        totals = [sum(d.values[i] or 0 for d in chart.datasets) for i in range(len(chart.labels))]
        top = max(totals, default=0)
    else:
        top = max((v for d in chart.datasets for v in d.values if v is not None), default=0)
    if chart.reference is not None:
        top = max(top, chart.reference)
    return _nice_max(top)


def _legend(chart: Chart, y: float) -> list[str]:
    if len(chart.datasets) < 2:
        return []
    parts, x = [], 10.0
    for index, dataset in enumerate(chart.datasets):
        parts.append(
            _el("rect", x=f"{x:.1f}", y=y - 10, width=12, height=12, fill=chart.colour(index))
        )
        parts.append(_text(x + 16, y, dataset.label, font_size=11))
        x += 28 + 12 * len(dataset.label)
    return parts


def _hbar_svg(chart: Chart, width: int) -> tuple[list[str], int]:
    label_width, row_height, top = min(260, width // 3), 26, 30
    plot_width = width - label_width - 70
    legend = 24 if len(chart.datasets) > 1 else 0
    height = top + row_height * len(chart.labels) + 30 + legend
    top_value = _value_max(chart)
    parts = []
    for index, label in enumerate(chart.labels):
        y = top + index * row_height
        parts.append(_text(label_width - 6, y + 17, label, text_anchor="end", font_size=11))
        end = float(label_width)
        for d_index, dataset in enumerate(chart.datasets):
            value = dataset.values[index]
            if not value:
                continue
            length = max(plot_width * value / top_value, 0.5)
            parts.append(
                _el("rect", x=f"{end:.1f}", y=y + 4, width=f"{length:.1f}", height=row_height - 8,
                    fill=chart.colour(d_index))
            )  # fmt: skip
            end += length
        if len(chart.datasets) == 1:
            value = chart.datasets[0].values[index]
            text = _number(value) + (chart.unit if value is not None else "")
        else:
            text = _number(sum(d.values[index] or 0 for d in chart.datasets))
        note = chart.notes[index] if chart.notes else ""
        parts.append(_text(end + 4, y + 17, f"{text} {note}".strip(), font_size=11))
    if chart.reference is not None:
        x = label_width + plot_width * chart.reference / top_value
        parts.append(
            _el("line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1=top - 4, y2=height - 26 - legend,
                stroke=REFERENCE_COLOUR, stroke_dasharray="4 3")
        )  # fmt: skip
        parts.append(
            _text(
                x, height - 12 - legend, chart.reference_label, text_anchor="middle", font_size=10
            )
        )
    return parts + _legend(chart, height - 8), height


def _columns_svg(chart: Chart, width: int) -> tuple[list[str], int]:
    height, left, right, top, bottom = 260, 56, 10, 30, 44
    plot_width, plot_height = width - left - right, height - top - bottom
    top_value = _value_max(chart)
    # A loss (a negative profit on a line) hangs below zero on a round scale of its own.
    lowest = min((v for d in chart.datasets for v in d.values if v is not None), default=0)
    low_value = -_nice_max(-lowest) if lowest < 0 else 0
    slots = max(len(chart.labels), 1)
    slot = plot_width / slots

    def y_of(value: float) -> float:
        return top + plot_height * (1 - (value - low_value) / (top_value - low_value))

    parts = []
    for step in range(5):  # gridlines and value ticks
        value = low_value + (top_value - low_value) * step / 4
        y = y_of(value)
        parts.append(_el("line", x1=left, x2=width - right, y1=f"{y:.1f}", y2=f"{y:.1f}",
                         stroke="#dddddd"))  # fmt: skip
        parts.append(_text(left - 4, y + 4, _number(value), text_anchor="end", font_size=10))
    for index, label in enumerate(chart.labels):
        x = left + index * slot
        parts.append(_text(x + slot / 2, height - bottom + 14, label, text_anchor="middle",
                           font_size=10))  # fmt: skip
    if chart.kind == LINE:
        for d_index, dataset in enumerate(chart.datasets):
            points = [
                f"{left + (i + 0.5) * slot:.1f},{y_of(v):.1f}"
                for i, v in enumerate(dataset.values)
                if v is not None
            ]
            if not points:
                continue
            extra = {"stroke_dasharray": "6 4"} if dataset.dashed else {}
            parts.append(_el("polyline", points=" ".join(points), fill="none",
                             stroke=chart.colour(d_index), stroke_width=2, **extra))  # fmt: skip
            for point in points:
                cx, cy = point.split(",")
                parts.append(_el("circle", cx=cx, cy=cy, r=2.5, fill=chart.colour(d_index)))
    else:
        groups = 1 if chart.stacked else max(len(chart.datasets), 1)
        bar = slot * 0.8 / groups
        for index in range(len(chart.labels)):
            base = 0.0
            for d_index, dataset in enumerate(chart.datasets):
                value = dataset.values[index] or 0
                if not value:
                    continue
                x = left + index * slot + slot * 0.1 + (0 if chart.stacked else d_index * bar)
                low, high = (base, base + value) if chart.stacked else (0, value)
                parts.append(
                    _el("rect", x=f"{x:.1f}", y=f"{y_of(high):.1f}", width=f"{bar:.1f}",
                        height=f"{max(y_of(low) - y_of(high), 0.5):.1f}",
                        fill=chart.colour(d_index))
                )  # fmt: skip
                if chart.stacked:
                    base += value
    parts.append(_el("line", x1=left, x2=width - right, y1=y_of(0), y2=y_of(0), stroke="#333"))
    return parts + _legend(chart, height - 8), height


def svg(chart: Chart, *, width: int = 720) -> SafeString:
    """The chart as an SVG for print; every text and attribute goes through escape()."""
    if chart.kind == HBAR:
        body, height = _hbar_svg(chart, width)
    else:
        body, height = _columns_svg(chart, width)
    head = _attrs(
        viewBox=f"0 0 {width} {height}",
        width=width,
        height=height,
        role="img",
        aria_label=chart.title,
        font_family=FONT,
        class_="chart-svg",
    )
    title = _text(10, 18, chart.title, font_size=13, font_weight="bold")
    content = f'<svg xmlns="http://www.w3.org/2000/svg" {head}><title>{escape(chart.title)}</title>'
    return mark_safe(content + title + "".join(body) + "</svg>")
