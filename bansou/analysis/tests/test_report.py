"""The diagnosis report: HTML print view, the chart, and the PDF with an embedded Japanese font."""

import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse

from bansou.analysis.charts import Series, indicator_chart
from bansou.core.browser import ARTIFACTS
from bansou.testing import login

pytestmark = pytest.mark.django_db


def test_html_report_shows_indicators_chart_and_swot(advisor_a, analysis_a):
    response = login(advisor_a).get(reverse("analysis:report", kwargs={"pk": analysis_a.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "経営診断報告書" in html
    assert "株式会社青葉鋳工所" in html
    assert "<svg" in html and "令和6年3月期" in html
    assert "損益分岐点比率" in html
    assert "鋳造の技術力" in html and "技術力を活かしEV部品に参入" in html
    assert "固定費の見直し" in html
    assert "<script" not in html.split("<main", 1)[1]  # no JavaScript in the report


def test_report_carries_what_the_check_sheet_holds(advisor_a, business_a):
    from .factories import make_analysis

    analysis = make_analysis(
        business_a,
        advisor_a,
        condition_trend="受注は回復傾向",
        dx_it_tools="会計ソフトのみ",
        area_marketing="展示会への出展を検討",
        it_level=2,
    )
    url = reverse("analysis:report", kwargs={"pk": analysis.pk})
    html = login(advisor_a).get(url).content.decode()
    section = html.split('id="check-sheet"', 1)[1].split("</section>", 1)[0]
    for shown in ("1. 業況", "受注は回復傾向", "7. DX", "会計ソフトのみ", "展示会への出展を検討"):
        assert shown in section, shown
    assert analysis.get_it_level_display() in section
    assert "2. 自社の状況" not in section  # a group with nothing entered is left out


def test_pdf_has_an_embedded_japanese_font_and_extractable_text(advisor_a, analysis_a):
    response = login(advisor_a).get(reverse("analysis:report_pdf", kwargs={"pk": analysis_a.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('経営診断報告書_株式会社青葉鋳工所')}" in disposition
    assert 'filename="analysis-report-' in disposition  # the ASCII fallback

    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "analysis-report.pdf"
    pdf.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    japanese = [line for line in fonts.splitlines() if "CJK" in line or "IPAex" in line]
    assert japanese, fonts
    # Columns: name type encoding emb sub uni object ID; "emb" must say yes for every font.
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts
    text = subprocess.run(
        ["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in ("経営診断報告書", "株式会社青葉鋳工所", "損益分岐点比率", "鋳造の技術力"):
        assert expected in text, expected
    # A picture of the first page to look at (test-artifacts/analysis-report-1.png).
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", pdf, ARTIFACTS / "analysis-report"],
        check=True,
    )
    assert Path(f"{ARTIFACTS}/analysis-report-1.png").exists()


def test_report_without_statements_says_so(advisor_a, business_a):
    from .factories import make_analysis

    analysis = make_analysis(business_a, advisor_a, periods=())
    response = login(advisor_a).get(reverse("analysis:report", kwargs={"pk": analysis.pk}))
    assert "まだ入力されていません" in response.content.decode()


def test_chart_escapes_text_and_marks_missing_values():
    svg = indicator_chart(
        ["令和5年3月期", "令和6年3月期"],
        [
            Series("<売上>", "千円", [None, 5], ["—", "5"]),
            Series("利益率", "%", [-3, 2], ["▲3", "2"]),
        ],
        title="指標の推移",
        no_value="算出不可",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "&lt;売上&gt;" in svg and "<売上>" not in svg
    assert "算出不可" in svg
    assert "#cb181d" in svg  # the negative bar
    assert "style=" not in svg  # the CSP forbids style attributes
