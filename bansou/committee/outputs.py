"""The committee's report as files: an Excel workbook and a PDF, in the layout of the seed.

Both take an EvaluationResult, its to_dict(), or a stored report (a snapshot's result), and
print through presentation.present(), as the public page does.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from pathlib import Path
from typing import Any
from unicodedata import east_asian_width

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from .presentation import present
from .report import as_report, public_report

REPORT_CSS = Path(__file__).resolve().parent / "static" / "committee" / "report.css"
# The font is chosen by its fontconfig family name (Debian fonts-noto-cjk, else
# fonts-ipaexfont-gothic); WeasyPrint embeds the subset it uses, so the PDF reads anywhere.
PDF_FONT_CSS = """
body { margin: 0; font-family: "Noto Sans CJK JP", "IPAexGothic", sans-serif; }
.committee-report { font-size: 9pt; }
.committee-report h1 { font-size: 15pt; }
.report-table { font-size: 8pt; }
.report-table thead { display: table-header-group; }
@page {
  @bottom-right {
    content: counter(page) " / " counter(pages);
    font-family: "Noto Sans CJK JP", "IPAexGothic", sans-serif;
    font-size: 8pt;
  }
}
"""

THIN = Side(style="thin", color="7B8794")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E4E7EB")
SECTION_FILL = PatternFill("solid", fgColor="F5F7FA")
TOTAL_FILL = PatternFill("solid", fgColor="EEF2F7")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
RIGHT = Alignment(horizontal="right", vertical="top")
DETAIL_COLUMNS = (  # (width, header)
    (22, pgettext_lazy("committee", "Item and main plan")),
    (36, pgettext_lazy("committee", "Activity")),
    (12, pgettext_lazy("committee", "Department")),
    (11, pgettext_lazy("committee", "Actual")),
    (11, pgettext_lazy("committee", "Target")),
    (36, pgettext_lazy("committee", "Main issues / remarks")),
    (20, pgettext_lazy("committee", "Grade")),
)


def _text(value: Any) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _set(ws: Worksheet, row: int, column: int, value: Any, **style) -> None:
    """Write a cell; text stays text (a leading "=" is never run as a formula)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        cell.value = value
    elif value not in (None, ""):
        cell.value = _text(value)
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)


def _unit_format(unit: str) -> str:
    unit = unit.replace('"', "")
    return f'#,##0.##"{unit}"' if unit else "#,##0.##"


def _numeric_or_text(value, text: str):
    """A number for the workbook when the cell holds one, else the printed text."""
    return value if isinstance(value, Decimal) else text


def _summary_sheet(ws: Worksheet, report: dict) -> None:
    ws.column_dimensions["A"].width = SUMMARY_WIDTH
    ws.column_dimensions["B"].width = 12
    _set(ws, 1, 1, report["organization"], font=Font(color="616E7C"))
    title = _("Report of the evaluation committee for the business development support plan")
    _set(ws, 2, 1, title, font=Font(bold=True, size=14))
    _set(ws, 3, 1, f"{report['plan_title']}・{report['fiscal_year_label']}")
    row = 4
    if report["overview"]:
        overview = report["overview"]
        row += 1
        heading = pgettext("committee", "Overview of the business development support plan")
        _set(ws, row, 1, heading, font=Font(bold=True))
        lines = [f"{pgettext('committee', 'Plan period')}　{overview['period']}"]
        lines += [f"{pgettext('committee', 'Goals')}　{goal}" for goal in overview["goals"]]
        if overview["contents"]:
            contents = "　".join(overview["contents"])
            lines.append(f"{pgettext('committee', 'Contents')}　{contents}")
        for text in lines:
            row += 1
            _wrapped(ws, row, text)
        row += 1
    if report["is_draft"]:
        _set(
            ws,
            row,
            1,
            _("DRAFT: computed from the current records; not decided by the committee."),
            font=Font(bold=True, color="B42318"),
        )
        row += 1
    if report["meeting"]:
        row += 1
        facts = [
            (pgettext("committee", "Held on"), report["meeting_when"]),
            (pgettext("committee", "Venue"), report["meeting"].get("venue", "")),
        ]
        for member in report["members"]:
            facts.append((pgettext("committee", "Committee member"), member["line"]))
        if report["meeting"].get("secretariat"):
            facts.append((pgettext("committee", "Secretariat"), report["meeting"]["secretariat"]))
        for label, value in facts:
            _wrapped(ws, row, f"{label}　{value}")
            row += 1
    row += 1
    _set(
        ws,
        row,
        1,
        pgettext("committee", "Section"),
        font=Font(bold=True),
        fill=HEADER_FILL,
        border=BORDER,
    )
    _set(
        ws,
        row,
        2,
        pgettext("committee", "Grade"),
        font=Font(bold=True),
        fill=HEADER_FILL,
        border=BORDER,
        alignment=CENTER,
    )
    for section in report["sections"]:
        row += 1
        mark = "*" if section["overridden"] else ""
        _set(
            ws, row, 1, f"{section['mark']}{section['summary_title']}", border=BORDER,
            alignment=WRAP_TOP,
        )  # fmt: skip
        _set(
            ws,
            row,
            2,
            section["grade"] + mark,
            border=BORDER,
            alignment=CENTER,
            font=Font(bold=True, size=12),
        )
    row += 1
    scale = pgettext("committee", "Evaluation") + f"（{report['scale']}）"
    _set(ws, row, 1, scale, font=Font(size=9))
    if report["opinions"] or report["section_opinions"]:
        row += 2
        heading = _("Main opinions on the year's results and evaluation")
        _set(ws, row, 1, heading, font=Font(bold=True))
        groups = [(pgettext("committee", "Overall"), report["opinions"])] + [
            (f"{s['mark']}{s['title']}", s["opinions"]) for s in report["section_opinions"]
        ]
        for label, texts in groups:
            if not texts:
                continue
            row += 1
            _set(ws, row, 1, label, font=Font(bold=True))
            for text in texts:
                row += 1
                _wrapped(ws, row, f"・{text}")
    ws.print_title_rows = "1:3"
    _print_on_a4_landscape(ws)


SUMMARY_WIDTH = 70  # characters of column A of the summary sheet


def _wrapped(ws: Worksheet, row: int, text: str) -> None:
    """A long text in column A, wrapped, in a row tall enough to print all of it."""
    _set(ws, row, 1, text, alignment=WRAP_TOP)
    ws.row_dimensions[row].height = LINE_HEIGHT * _lines_needed(text, SUMMARY_WIDTH)


def _print_on_a4_landscape(ws: Worksheet) -> None:
    """A4 landscape, one page wide (LibreOffice prints on Letter when no paper size is set)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _detail_line(ws: Worksheet, row: int, line: dict) -> None:
    if line["type"] == "heading":
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        _set(ws, row, 2, line["title"], font=Font(bold=True), fill=TOTAL_FILL, border=BORDER)
        for column in range(3, 7):
            ws.cell(row=row, column=column).border = BORDER
        return
    total = line["type"] == "total"
    style = {"border": BORDER, "alignment": WRAP_TOP}
    if total:
        style |= {"font": Font(bold=True), "fill": SECTION_FILL}
    title = line["title"] if line["type"] != "outcome" else f"　{line['title']}"
    _set(ws, row, 2, title, **(style | ({"alignment": CENTER} if total else {})))
    _set(ws, row, 3, line.get("department", ""), **style)
    actual = _numeric_or_text(line.get("actual_value"), line["actual"])
    target = _numeric_or_text(line.get("target_value"), line["target"])
    for column, value in ((4, actual), (5, target)):
        _set(ws, row, column, value, **(style | {"alignment": RIGHT}))
    if isinstance(actual, Decimal):
        ws.cell(row=row, column=4).number_format = _unit_format(line["unit"] if total else "")
    if isinstance(target, Decimal):
        ws.cell(row=row, column=5).number_format = _unit_format(line["unit"])
    _set(ws, row, 6, "\n".join(line["remarks"]), **style)


LINE_HEIGHT = 15  # points per line of 11-point text


def _lines_needed(text: str, width: float) -> int:
    """Wrapped lines of `text` in a column `width` characters wide (CJK counts double)."""
    return sum(
        max(1, math.ceil(sum(2 if east_asian_width(c) in "WF" else 1 for c in line) / width))
        for line in text.splitlines() or [""]
    )


def _fit_heights(ws: Worksheet, first: int, last: int, cells: list[tuple[str, int]]) -> None:
    """Spreadsheets do not grow rows for merged cells: give the rows room for their text."""
    rows = range(first, last + 1)
    for r in rows:  # each row's own wrapped cells (activity, remarks)
        lines = max(
            _lines_needed(str(ws.cell(row=r, column=c).value or ""), DETAIL_COLUMNS[c - 1][0])
            for c in (2, 6)
        )
        ws.row_dimensions[r].height = LINE_HEIGHT * lines
    needed = max(_lines_needed(t, DETAIL_COLUMNS[c - 1][0]) for t, c in cells) * LINE_HEIGHT
    # The grade letter is printed larger; allow one more line for it.
    needed += LINE_HEIGHT
    have = sum(ws.row_dimensions[r].height for r in rows)
    if have < needed:
        extra = (needed - have) / len(rows)
        for r in rows:
            ws.row_dimensions[r].height += extra


def _detail_sheet(ws: Worksheet, report: dict) -> None:
    title = _("Implementation of the plan in %(year)s") % {"year": report["fiscal_year_label"]}
    _set(ws, 1, 1, title, font=Font(bold=True, size=13))
    for column, (width, header) in enumerate(DETAIL_COLUMNS, start=1):
        ws.column_dimensions[chr(64 + column)].width = width
        _set(
            ws,
            2,
            column,
            str(header),
            font=Font(bold=True),
            fill=HEADER_FILL,
            border=BORDER,
            alignment=CENTER,
        )
    ws.freeze_panes = "A3"
    row = 3
    for section in report["sections"]:
        first, last = row, row + section["span"] - 1
        for line in section["lines"]:
            _detail_line(ws, row, line)
            row += 1
        heading = f"{section['number']}．{section['title']}"
        if section["remarks"]:
            heading += "\n" + "\n".join(section["remarks"])
        grade = f"{section['evaluation']}"
        if section["decision"]:
            grade += "\n" + section["decision"]
        grade += "\n" + (section["grade"] or "－")
        _set(
            ws,
            first,
            1,
            heading,
            font=Font(bold=True),
            fill=SECTION_FILL,
            border=BORDER,
            alignment=WRAP_TOP,
        )
        _set(ws, first, 7, grade, font=Font(bold=True), border=BORDER, alignment=CENTER)
        _fit_heights(ws, first, last, [(heading, 1), (grade, 7)])
        for column in (1, 7):
            for r in range(first, last + 1):
                ws.cell(row=r, column=column).border = BORDER
            if last > first:
                ws.merge_cells(
                    start_row=first, start_column=column, end_row=last, end_column=column
                )
    ws.print_title_rows = "2:2"
    _print_on_a4_landscape(ws)


def render_xlsx(result_or_dict: Any, *, public: bool = False) -> bytes:
    """The report as a workbook: 概要と評価 (summary, meeting, opinions) and 実施状況 (table)."""
    report = present(result_or_dict, public=public)
    workbook = Workbook()
    summary = workbook.active
    summary.title = pgettext("committee", "Summary")[:31]
    _summary_sheet(summary, report)
    _detail_sheet(workbook.create_sheet(pgettext("committee", "Implementation")[:31]), report)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def render_report_html(result_or_dict: Any, *, public: bool = False) -> str:
    from bansou.dashboard.presentation import report_chart  # the dashboard's chart, on paper

    report = present(result_or_dict, public=public)
    source = public_report(result_or_dict) if public else as_report(result_or_dict)
    return render_to_string(
        "committee/report_print.html", {"report": report, "chart": report_chart(source)}
    )


def render_pdf(result_or_dict: Any, *, public: bool = False) -> bytes:
    """The report as an A4 landscape PDF with the Japanese font embedded."""
    from weasyprint import CSS, HTML  # imported here: loading Pango costs time at start-up

    html = render_report_html(result_or_dict, public=public)
    stylesheets = [CSS(filename=str(REPORT_CSS)), CSS(string=PDF_FONT_CSS)]
    return HTML(string=html, base_url=str(REPORT_CSS.parent)).write_pdf(stylesheets=stylesheets)
