"""DI over time as an inline SVG line chart, drawn on the server like analysis/charts.py so
the same picture shows on the screen and in the PDF (no JavaScript, no style attributes)."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from bansou.analysis.charts import FONT, _attrs, _element, _text

from . import di

COLOURS = (
    "#08519c", "#cb181d", "#238b45", "#6a51a3", "#d94801", "#525252", "#e7298a", "#66a61e",
    "#b8860b", "#17becf",
)  # fmt: skip
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 150, 16, 40


def line_chart(labels: list[str], series: list[tuple[str, list[Decimal | None]]], *, title: str):
    """One line per item over the periods, on a fixed −100..+100 DI axis with a zero line."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(labels) > 1 else plot_w / 2)

    def y(v: Decimal) -> float:
        return TOP + (100 - float(v)) / 200 * plot_h

    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        + _attrs(
            viewBox=f"0 0 {WIDTH} {HEIGHT}",
            width="100%",
            role="img",
            aria_label=title,
            font_family=FONT,
            class_="di-chart",
        )
        + ">",
        f"<title>{escape(title)}</title>",
    ]
    for tick in (100, 50, 0, -50, -100):
        ty = y(Decimal(tick))
        colour = "#555" if tick == 0 else "#ddd"
        parts.append(
            _element(
                "line",
                x1=LEFT,
                x2=LEFT + plot_w,
                y1=f"{ty:.1f}",
                y2=f"{ty:.1f}",
                stroke=colour,
                stroke_width=1,
            )
        )
        parts.append(
            _text(LEFT - 6, ty + 4, di.format_di(Decimal(tick)), font_size=10, text_anchor="end")
        )
    for i, label in enumerate(labels):
        parts.append(_text(x(i), HEIGHT - BOTTOM + 16, label, font_size=10, text_anchor="middle"))
    for index, (name, values) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                _element("polyline", points=path, fill="none", stroke=colour, stroke_width=2)
            )
        for i, v in enumerate(values):
            if v is not None:
                parts.append(
                    f"<circle {_attrs(cx=f'{x(i):.1f}', cy=f'{y(v):.1f}', r=3, fill=colour)}>"
                    f"<title>{escape(f'{name} {labels[i]}: {di.format_di(v)}')}</title></circle>"
                )
        ly = TOP + 8 + index * 18
        parts.append(
            _element("rect", x=WIDTH - RIGHT + 12, y=ly - 9, width=12, height=4, fill=colour)
        )
        last = next((v for v in reversed(values) if v is not None), None)
        parts.append(
            _text(WIDTH - RIGHT + 28, ly - 3, f"{name} {di.format_di(last)}", font_size=11)
        )
    parts.append("</svg>")
    return SafeString(mark_safe("".join(parts)))  # every text went through escape()
