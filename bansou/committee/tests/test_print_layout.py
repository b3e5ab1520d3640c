"""The printed report keeps each section whole: the PDF never splits a row or a section's
grade from its rows, and the workbook prints on A4 landscape, fitted to the width."""

import io
import shutil
import subprocess

import pytest
from django.utils import translation
from openpyxl import load_workbook

from bansou.committee.outputs import render_pdf, render_xlsx
from bansou.committee.presentation import present
from bansou.committee.report import FINAL, build_report
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.engine import evaluate, get_plan
from bansou.evaluation.tests.conftest import build_demo_chamber

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils")


@pytest.fixture
def demo_result(db):
    demo_chamber = build_demo_chamber()
    load_kawaguchi_demo(demo_chamber)
    with translation.override("ja"):
        yield evaluate(get_plan(demo_chamber, 2024), 2024)


def pages_of(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
    texts = []
    for page in range(1, count + 1):
        out = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        texts.append("".join(out.stdout.split()))
    return texts


def flat(text: str) -> str:
    return "".join(text.split())


@needs_poppler
def test_no_row_or_section_is_split_from_its_label_and_grade(demo_result, tmp_path):
    """Each section (section 6: each subsection with its subtotal) lies on one page, with the
    section's label and its grade; the table starts on its own page, as in the report."""
    with translation.override("ja"):
        report = present(demo_result)
        pages = pages_of(render_pdf(demo_result), tmp_path)
    detail = next(i for i, text in enumerate(pages) if "経営発達支援計画実施状況" in text)
    assert "1．地域の経済動向調査" not in "".join(pages[:detail])
    for section in report["sections"]:
        label = flat(f"{section['number']}．{section['title']}")[:12]
        for group in section["groups"]:
            wanted = [label, flat(section["evaluation"])] + [
                flat(line["title"])[:10] for line in group["lines"] if line["title"]
            ]
            wanted += [flat(line["actual"]) for line in group["lines"] if line.get("actual")]
            assert any(all(w in page for w in wanted) for page in pages[detail:]), (
                label,
                group["lines"][0]["title"],
            )
    assert sum(len(s["groups"]) for s in report["sections"]) == 12  # section 6 in three


LONG_OPINION = (
    "創業後に十分な収益が得られていない事業者の声を把握することが、今後の重要な課題である。" * 4
)


def opinionated(result):
    return build_report(
        result,
        meeting=None,
        decisions={},
        overall_opinions=[LONG_OPINION],
        section_opinions={},
        status=FINAL,
    )


def test_every_sheet_prints_on_a4_landscape_fitted_to_the_width(demo_result):
    with translation.override("ja"):
        book = load_workbook(io.BytesIO(render_xlsx(opinionated(demo_result))))
    for ws in book.worksheets:
        setup = ws.page_setup
        assert (int(setup.paperSize), setup.orientation) == (9, "landscape")  # 9: A4, ws.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title
    summary = book.worksheets[0]
    cell = next(c for row in summary.iter_rows() for c in row if c.value == f"・{LONG_OPINION}")
    assert cell.alignment.wrap_text
    # The row is tall enough for the wrapped text (spreadsheets do not grow it on their own
    # when the workbook sets a height, and LibreOffice keeps a row's stored height).
    assert summary.row_dimensions[cell.row].height >= 15 * 3


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice is not installed")
def test_libreoffice_prints_the_workbook_on_a4_landscape(demo_result, tmp_path):
    with translation.override("ja"):
        content = render_xlsx(opinionated(demo_result))
    workbook = tmp_path / "report.xlsx"
    workbook.write_bytes(content)
    subprocess.run(
        ["libreoffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(workbook)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(tmp_path / "report.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    sizes = [line.split(":", 1)[1].split("pts")[0].split() for line in info.splitlines()
             if line.startswith("Page") and "size" in line]  # fmt: skip
    assert sizes
    for width, _x, height in sizes:
        assert (round(float(width)), round(float(height))) == (842, 595), sizes
    text = "".join(subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True,
        check=True,
    ).stdout.split())  # fmt: skip
    assert flat(LONG_OPINION) in text  # the whole opinion is printed, not cut at the cell
