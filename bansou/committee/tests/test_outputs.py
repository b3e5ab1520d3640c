"""The workbook and the PDF: they open, keep the layout, embed the font, and read in Japanese."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook

from bansou.committee.outputs import render_pdf, render_xlsx
from bansou.committee.report import FINAL, build_report
from bansou.core.browser import ARTIFACTS

from .results import seed_result

MEETING = {
    "held_at": "2025-07-15T11:00:00+09:00",
    "ends_at": "12:15:00",
    "venue": "川口商工会議所会議室",
    "secretariat": "事務局6人",
    "members": [{"name": "小原一郎", "title": "中小企業支援委員会 委員長", "is_chair": True}],
}


@pytest.fixture(autouse=True)
def japanese():
    with translation.override("ja"):
        yield


def closed_report():
    return build_report(
        seed_result(),
        meeting=MEETING,
        decisions={3: {"grade": "A", "reason": "統合の影響"}},
        overall_opinions=["実施していない事業については目標件数を除外した評価とする。"],
        section_opinions={},
        status=FINAL,
    )


def detail_sheet(content: bytes):
    return load_workbook(io.BytesIO(content))["実施状況"]


def find(ws, text):
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def test_the_workbook_keeps_the_seed_layout():
    book = load_workbook(io.BytesIO(render_xlsx(closed_report())))
    assert book.sheetnames == ["概要と評価", "実施状況"]
    summary = [c.value for row in book["概要と評価"].iter_rows() for c in row if c.value]
    assert "経営発達支援事業評価委員会報告" in summary
    assert "③経営状況の分析に関すること" in summary and "A*" in summary
    ws = book["実施状況"]
    assert [c.value for c in ws[2]] == [
        "項目・主な計画",
        "実施事業",
        "担当課",
        "実績",
        "目標",
        "主な課題／備考",
        "評価",
    ]
    heading = find(ws, "1．地域の経済動向調査に関すること")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A{heading.row}:A{heading.row + 4}" in merged  # 4 rows and the 合計 line
    grade = ws.cell(row=heading.row, column=7).value
    assert grade.splitlines() == ["172.2％ → A", "A"]
    assert f"G{heading.row}:G{heading.row + 4}" in merged
    section3 = ws.cell(row=find(ws, "3．経営状況の分析に関すること").row, column=7).value
    assert section3.splitlines() == ["96.6％ → B", "委員会判断：A（統合の影響）", "A"]
    # Numbers stay numbers, with the unit in the format; 随時 is text.
    lobo = find(ws, "LOBO調査")
    assert ws.cell(row=lobo.row, column=4).value == 12
    target = ws.cell(row=lobo.row, column=5)
    assert target.value == 4 and target.number_format == '#,##0.##"回"'
    assert ws.cell(row=find(ws, "緊急アンケート調査").row, column=5).value == "随時"


def test_a_formula_in_a_title_stays_text():
    ws = detail_sheet(render_xlsx(seed_result()))
    cell = find(ws, '=HYPERLINK("http://x")')
    assert cell.data_type == "s"


def test_a_bare_evaluation_renders_as_a_draft():
    book = load_workbook(io.BytesIO(render_xlsx(seed_result().to_dict())))
    values = [c.value for row in book["概要と評価"].iter_rows() for c in row if c.value]
    assert any(str(v).startswith("下書き") for v in values)


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_pdf_embeds_its_japanese_font_and_its_text_can_be_extracted(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(closed_report()))
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    for line in fonts:
        emb = line.split()[-5]  # columns from the right: emb sub uni object generation
        assert emb == "yes", line
    assert any("CJK" in line or "IPAex" in line for line in fonts)
    # Cells wrap: compare without the line breaks and spaces the layout adds.
    text = "".join(_pdf_text(pdf).split())
    for expected in (
        "経営発達支援事業評価委員会報告",
        "経営状況の分析に関すること",
        "96.6％ → B",
        "委員会判断：A（統合の影響）",
        "令和7年7月15日（火）",
    ):
        assert "".join(expected.split()) in text, expected
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "2",
            "-l",
            "2",
            str(pdf),
            str(ARTIFACTS / "committee-report-pdf"),
        ],
        check=True,
    )


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook(tmp_path):
    workbook = tmp_path / "report.xlsx"
    workbook.write_bytes(render_xlsx(closed_report()))
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = "".join(_pdf_text(tmp_path / "report.pdf").split())
    assert "経営状況の分析に関すること" in text
    assert "172.2％→A" in text
