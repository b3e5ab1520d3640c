"""Per-question charts as inline SVG, drawn on the server with analysis/charts.py's helpers
(as surveys/charts.py): the same picture on the screen and in the feedback PDF, no script, no
style attributes. A horizontal bar per answer with its count and share."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from bansou.analysis.charts import FONT, _attrs, _element, _text

WIDTH = 560
ROW = 26
LABEL_W = 170
RIGHT = 90
BAR_COLOUR = "#08519c"


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(rows: list[tuple[str, int]], *, base: int, title: str) -> SafeString:
    """Bars of counts; the share is of `base` (the respondents who answered the question)."""
    height = ROW * max(len(rows), 1) + 8
    plot_w = WIDTH - LABEL_W - RIGHT
    top = max((n for _l, n in rows), default=0) or 1
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        + _attrs(
            viewBox=f"0 0 {WIDTH} {height}",
            width="100%",
            role="img",
            aria_label=title,
            font_family=FONT,
            class_="demand-chart",
        )
        + ">",
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, n) in enumerate(rows):
        y = 4 + i * ROW
        parts.append(_text(LABEL_W - 8, y + 17, _short(label), font_size=12, text_anchor="end"))
        width = plot_w * n / top
        bar = f"{max(width, 1 if n else 0):.1f}"
        parts.append(
            _element("rect", x=LABEL_W, y=y + 4, width=bar, height=ROW - 8, fill=BAR_COLOUR)
        )
        share = f"{n * 100 / base:.0f}%" if base else "—"
        parts.append(_text(LABEL_W + width + 6, y + 17, f"{n}（{share}）", font_size=12))
    parts.append("</svg>")
    return SafeString(mark_safe("".join(parts)))  # every text went through escape()
