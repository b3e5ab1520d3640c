"""The indicators over the periods as an inline SVG: small multiples, one panel per indicator.

Drawn on the server so that the same picture appears on the screen and in the PDF without
JavaScript or external files (the CSP allows neither inline scripts nor other hosts). Only
presentation attributes are used, never style="", for the same reason.
"""

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT = "'Noto Sans CJK JP', 'IPAexGothic', sans-serif"
# Older periods lighter, the latest darkest: the eye reads the trend left to right.
PERIOD_COLOURS = ("#9ecae1", "#4292c6", "#08519c")
NEGATIVE_COLOUR = "#cb181d"

COLUMNS = 4
PANEL_WIDTH = 180
PANEL_HEIGHT = 170
LEGEND_HEIGHT = 28
PLOT_TOP = 52  # below the panel's two title lines
PLOT_BOTTOM = 30  # room for the period labels
BAR_GAP = 10


@dataclass(frozen=True)
class Series:
    label: str
    unit: str
    values: list[Decimal | None]
    texts: list[str]  # the values as printed under the bars ("—" for none)


def _attrs(**attributes) -> str:
    return " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attributes.items()
    )


def _element(tag: str, **attributes) -> str:
    return f"<{tag} {_attrs(**attributes)}/>"


def _text(x: float, y: float, content: str, **attributes) -> str:
    return f"<text {_attrs(x=f'{x:.1f}', y=f'{y:.1f}', **attributes)}>{escape(content)}</text>"


def _colour(index: int, slots: int) -> str:
    """The latest period takes the darkest colour whatever the number of periods."""
    return PERIOD_COLOURS[max(index - slots + len(PERIOD_COLOURS), 0)]


def _scale(values: list[Decimal | None]) -> tuple[Decimal, Decimal]:
    known = [v for v in values if v is not None]
    low = min([Decimal(0), *known])
    high = max([Decimal(0), *known])
    if low == high:
        high = low + 1
    return low, high


def _panel(series: Series, periods: list[str], left: float, top: float, no_value: str) -> str:
    parts = [
        _text(
            left + PANEL_WIDTH / 2,
            top + 16,
            series.label,
            text_anchor="middle",
            font_size=12,
            font_weight="bold",
        ),
        _text(
            left + PANEL_WIDTH / 2,
            top + 31,
            f"({series.unit})",
            text_anchor="middle",
            font_size=10,
            fill="#555",
        ),
    ]
    plot_top = top + PLOT_TOP
    plot_height = PANEL_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    low, high = _scale(series.values)
    span = high - low

    def y_of(value: Decimal) -> float:
        return plot_top + float((high - value) / span) * plot_height

    zero_y = y_of(Decimal(0))
    slots = max(len(periods), 1)
    bar_width = (PANEL_WIDTH - 20 - BAR_GAP * (slots - 1)) / slots
    for index, (value, text, period) in enumerate(
        zip(series.values, series.texts, periods, strict=True)
    ):
        x = left + 10 + index * (bar_width + BAR_GAP)
        centre = x + bar_width / 2
        colour = _colour(index, slots)
        if value is None:
            parts.append(
                _text(centre, zero_y - 4, no_value, text_anchor="middle", font_size=9, fill="#888")
            )
        else:
            bar_top = min(y_of(value), zero_y)
            height = max(abs(y_of(value) - zero_y), 0.5)
            fill = NEGATIVE_COLOUR if value < 0 else colour
            parts.append(
                _element(
                    "rect",
                    x=f"{x:.1f}",
                    y=f"{bar_top:.1f}",
                    width=f"{bar_width:.1f}",
                    height=f"{height:.1f}",
                    fill=fill,
                )
            )
            # A negative bar hangs below the zero line, so its value is written above the line.
            label_y = bar_top - 3 if value >= 0 else zero_y - 3
            parts.append(_text(centre, label_y, text, text_anchor="middle", font_size=10))
        parts.append(
            _text(
                centre,
                top + PANEL_HEIGHT - 12,
                period,
                text_anchor="middle",
                font_size=9,
                fill="#333",
            )
        )
    zero = f"{zero_y:.1f}"
    parts.append(
        _element("line", x1=left + 6, x2=left + PANEL_WIDTH - 6, y1=zero, y2=zero, stroke="#333")
    )
    frame = {"width": PANEL_WIDTH - 4, "height": PANEL_HEIGHT - 4, "fill": "none"}
    parts.append(_element("rect", x=left + 2, y=top + 2, stroke="#ccc", **frame))
    return "".join(parts)


def indicator_chart(
    periods: list[str],
    series: list[Series],
    *,
    title: str,
    no_value: str,
    axis_labels: list[str] | None = None,
) -> SafeString:
    """An SVG of `series` (one panel each) over `periods`; every text is escaped here.

    The legend names the periods in full; under the bars `axis_labels` (short forms such as
    R6.3期) keep three periods apart in a narrow panel.
    """
    rows = max((len(series) + COLUMNS - 1) // COLUMNS, 1)
    width = PANEL_WIDTH * COLUMNS
    height = LEGEND_HEIGHT + PANEL_HEIGHT * rows
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        + _attrs(
            viewBox=f"0 0 {width} {height}",
            width=width,
            height=height,
            role="img",
            aria_label=title,
            font_family=FONT,
            class_="indicator-chart",
        )
        + ">",
        f"<title>{escape(title)}</title>",
    ]
    slots = len(periods)
    for index, period in enumerate(periods):
        colour = _colour(index, slots)
        x = 10 + index * 150
        parts.append(_element("rect", x=x, y=8, width=12, height=12, fill=colour))
        parts.append(_text(x + 17, 18, period, font_size=11))
    for index, one in enumerate(series):
        left = (index % COLUMNS) * PANEL_WIDTH
        top = LEGEND_HEIGHT + (index // COLUMNS) * PANEL_HEIGHT
        parts.append(_panel(one, axis_labels or periods, left, top, no_value))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text and attribute went through escape()
