"""The chart module: one Chart, drawn by Chart.js, as an SVG for print and as a table."""

import json
import re

from bansou.dashboard.charts import BAR, HBAR, LINE, Chart, Dataset, chartjs_config, svg, table

RATES = Chart(
    key="rates",
    title="達成率 <script>",
    kind=HBAR,
    labels=["①調査", "②分析", "③計画"],
    datasets=[Dataset("率", [172.2, 80.0, None])],
    unit="%",
    reference=100,
    reference_label="100%",
    notes=["A", "B", ""],
    notes_label="評価",
    axis_labels=["①", "②", "③"],
)


def test_the_svg_draws_a_bar_per_known_value_and_escapes_every_text():
    drawing = str(svg(RATES))
    assert drawing.startswith("<svg") and drawing.endswith("</svg>")
    assert "<script>" not in drawing and "&lt;script&gt;" in drawing
    bars = re.findall(r'<rect x="[^"]+" y="[^"]+" width="([^"]+)"', drawing)
    assert len(bars) == 2  # None draws no bar
    # Lengths in proportion to the values on one scale.
    assert abs(float(bars[0]) / float(bars[1]) - 172.2 / 80) < 0.01
    assert 'stroke-dasharray="4 3"' in drawing  # the 100 % line
    assert "style=" not in drawing  # presentation attributes only (CSP)
    assert "172.2% A" in drawing


def test_the_table_and_the_chartjs_configuration_hold_the_same_figures():
    rows = table(RATES)
    assert rows["header"] == ["達成率 <script>", "率", "評価"]
    assert [r["cells"] for r in rows["rows"]] == [["172.2", "A"], ["80", "B"], ["－", ""]]
    config = json.loads(json.dumps(chartjs_config(RATES)))
    assert config["type"] == "bar" and config["options"]["indexAxis"] == "y"
    assert config["data"]["labels"] == ["①", "②", "③"]  # the short labels on the screen
    assert config["data"]["datasets"][0]["data"] == [172.2, 80.0, None]
    assert config["options"]["plugins"]["reference"] == {"value": 100, "label": "100%"}
    assert config["options"]["scales"]["x"]["suggestedMax"] >= 172.2


def test_stacked_columns_and_lines():
    months = ["4月", "5月", "6月"]
    stacked = Chart(
        key="groups",
        title="区分",
        kind=BAR,
        labels=months,
        datasets=[Dataset("1", [1, 2, 0]), Dataset("2", [3, 0, 0])],
        stacked=True,
        integer=True,
    )
    drawing = str(svg(stacked))
    assert len(re.findall(r"<rect [^>]*height", drawing)) - 2 == 3  # 3 bars, 2 legend keys
    config = chartjs_config(stacked)
    assert config["options"]["scales"]["y"]["stacked"] is True
    assert config["options"]["scales"]["y"]["ticks"] == {"precision": 0}

    line = Chart(
        key="row",
        title="累計",
        kind=LINE,
        labels=months,
        datasets=[Dataset("実績", [1, 3, None]), Dataset("目標", [2, 4, 6], dashed=True)],
    )
    drawing = str(svg(line))
    assert drawing.count("<polyline") == 2 and 'stroke-dasharray="6 4"' in drawing
    assert drawing.count("<circle") == 5  # no point for the month not yet reached
    assert chartjs_config(line)["data"]["datasets"][1]["borderDash"] == [6, 4]


def test_a_loss_hangs_below_zero_inside_the_drawing():
    chart = Chart(
        key="business",
        title="利益",
        kind=LINE,
        labels=["R4", "R5", "R6"],
        datasets=[Dataset("利益", [-1_200, 300, 2_000])],
    )
    drawing = str(svg(chart))
    ys = [float(y) for y in re.findall(r'<circle cx="[^"]+" cy="([^"]+)"', drawing)]
    assert len(ys) == 3 and all(30 <= y <= 216 for y in ys)  # within the plot area
    assert ys[0] > ys[1] > ys[2]  # the loss lowest
    assert ">-2,000<" in drawing  # the lowest tick: a round number below the loss
