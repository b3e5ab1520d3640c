"""The round's report as JSON (survey_report --format json) and as an xlsx workbook."""

from __future__ import annotations

import json
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from bansou.businesses.industries import Industry

from . import di
from .report import RoundReport

# Negative DIs show as ▲17.9 in Japanese Excel while the cell keeps the number.
DI_FORMAT = '0.0;"▲"0.0;0.0'


def as_json(built: RoundReport) -> str:
    return json.dumps(built.as_json(), ensure_ascii=False, indent=2)


def as_xlsx(built: RoundReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "DI"
    r = built.round
    sheet.append([f"{r.survey.name} {r.period}", f"回答数 {built.respondents}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(
        ["項目", "基準", "プラス回答", "不変", "マイナス回答", "該当しない", "有効回答数", "DI"]
    )
    for one in built.items:
        t = one.tally
        sheet.append(
            [
                one.item.name,
                one.item.get_basis_display(),
                t.plus,
                t.neutral,
                t.minus,
                t.not_applicable,
                t.valid,
                None if t.di is None else float(t.di),
            ]
        )
        sheet.cell(sheet.max_row, 8).number_format = DI_FORMAT
    industries = sorted({code for one in built.items for code in one.by_industry})
    if industries:
        by = book.create_sheet("業種別")
        labels = dict(Industry.choices)
        header = ["項目"]
        for code in industries:
            header += [f"{code} {labels.get(code, '')} DI", "有効回答数"]
        by.append(header)
        for one in built.items:
            line: list = [one.item.name]
            for code in industries:
                t = one.by_industry.get(code, di.Tally())
                line += [None if t.di is None else float(t.di), t.valid]
            by.append(line)
            for column in range(2, len(line) + 1, 2):
                by.cell(by.max_row, column).number_format = DI_FORMAT
    out = BytesIO()
    book.save(out)
    return out.getvalue()
