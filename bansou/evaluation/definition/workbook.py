"""The plan as an Excel workbook for people: the same content as the YAML file.

Sheets: 計画 (key, value), 行 (one line per row, sections repeated on each line; a column per
fiscal year), 改定 (amendments), 評価区分 (grade bands). Headers read "日本語 (key)"; only the
key in parentheses matters. Errors name the sheet and the row.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime

import yaml
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from .source import Located, SourceError, load_yaml

SHEETS = ("計画", "行", "改定", "評価区分")
SHEET_OFFSET = 100_000  # line numbers: sheet index × offset + sheet row
PLAN_FIELDS = [("書式", "format"), ("計画コード", "code"), ("計画名", "title"),
               ("開始日", "starts_on"), ("終了日", "ends_on"), ("概要", "summary")]  # fmt: skip
ROW_COLUMNS = [
    ("項目番号", "section"), ("項目キー", "section_key"), ("項目名", "section_title"),
    ("項目の備考", "section_note"), ("区分番号", "subsection"), ("区分キー", "subsection_key"),
    ("区分名", "subsection_title"), ("区分の備考", "subsection_note"),
    ("行キー", "key"), ("上位の行", "parent"), ("記号", "label"), ("実施事業", "title"),
    ("担当課", "department"), ("単位", "unit"), ("現状", "baseline"), ("公表方法", "publication"),
    ("役割", "role"), ("実績の出し方", "source"), ("集計ルール", "rule"),
    ("実施時の表示", "qualitative_label"), ("調査票項目", "survey_item"), ("備考", "note"),
]  # fmt: skip
AMENDMENT_COLUMNS = [("変更日", "amended_on"), ("理由", "reason"), ("変更内容", "changes"),
                     ("新しい終了日", "ends_on"), ("目標の変更", "targets")]  # fmt: skip
SCALE_COLUMNS = [("評価", "grade"), ("下限（%）", "min_percent"), ("点数", "points")]
HEADER_KEY_RE = re.compile(r"\(([a-z_0-9]+)\)\s*$")


def describe_line(line: int) -> str:
    sheet, row = divmod(line, SHEET_OFFSET)
    return f"{SHEETS[sheet]}!{row}" if sheet < len(SHEETS) else str(line)


def _flow(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()


def _header(sheet, columns) -> None:
    sheet.append([f"{label} ({key})" for label, key in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def render_workbook(data: dict) -> bytes:
    """Plan-file data (export.plan_data) as an .xlsx file."""
    workbook = Workbook()
    plan_sheet = workbook.active
    plan_sheet.title = SHEETS[0]
    plan_sheet.append(["項目 (key)", "値 (value)"])
    values = {"format": data["format"], **data["plan"]}
    for label, key in PLAN_FIELDS:
        value = values.get(key, "")
        plan_sheet.append([f"{label} ({key})", value.isoformat() if isinstance(value, date)
                           else value])  # fmt: skip
    years = sorted({y for row in _rows(data) for y in row[-1].get("targets", {})})
    rows_sheet = workbook.create_sheet(SHEETS[1])
    _header(rows_sheet, ROW_COLUMNS + [(f"{y}年度目標", str(y)) for y in years])
    for section, sub, parent, row in _rows(data):
        targets = row.get("targets", {})
        rule = row.get("rule")
        rows_sheet.append(
            [
                section["number"], section["key"], section["title"], section.get("note"),
                sub["number"] if sub else None, sub["key"] if sub else None,
                sub["title"] if sub else None, sub.get("note") if sub else None,
                row["key"], parent or None, row.get("label"), row["title"],
                row.get("department"), row.get("unit"), row.get("baseline"),
                row.get("publication"), row.get("role"), row.get("source"),
                _flow(rule) if rule else None, row.get("qualitative_label"),
                row.get("survey_item"), row.get("note"),
                *[targets.get(y) for y in years],
            ]
        )  # fmt: skip
    amendments = workbook.create_sheet(SHEETS[2])
    _header(amendments, AMENDMENT_COLUMNS)
    for entry in data.get("amendments", []):
        amendments.append(
            [
                entry["amended_on"].isoformat(), entry["reason"], entry["changes"],
                entry["ends_on"].isoformat() if entry.get("ends_on") else None,
                _flow(entry["targets"]) if entry.get("targets") else None,
            ]
        )  # fmt: skip
    scale = workbook.create_sheet(SHEETS[3])
    _header(scale, SCALE_COLUMNS)
    for band in data.get("grade_scale") or []:
        scale.append([band["grade"], band["min_percent"], band["points"]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(data: dict) -> Iterator[tuple[dict, dict | None, str, dict]]:
    for section in data["sections"]:
        parts = [(None, section)] + [(s, s) for s in section.get("subsections", [])]
        for sub, holder in parts:
            for row in holder.get("rows", []):
                yield section, sub, "", row
                for outcome in row.get("outcomes", []):
                    yield section, sub, row["key"], outcome


# --- reading ------------------------------------------------------------------------------


def _cell(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _key(text) -> str:
    """ "開始日 (starts_on)" → "starts_on"; a bare key is kept."""
    text = str(text or "").strip()
    match = HEADER_KEY_RE.search(text)
    return match.group(1) if match else text


def _table(sheet, index: int) -> Iterator[tuple[int, dict]]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    keys = [_key(cell) for cell in header]
    for number, values in enumerate(rows, start=2):
        cells = {k: _cell(v) for k, v in zip(keys, values, strict=False) if k}
        if any(v is not None for v in cells.values()):
            yield index * SHEET_OFFSET + number, cells


def _yaml_cell(text, line: int):
    if text is None:
        return None
    try:
        return load_yaml(str(text))
    except SourceError as exc:
        raise SourceError(line, exc.message) from None


def read_workbook(content: bytes) -> Located:
    """An .xlsx file as the same data load_yaml gives, with sheet-row line numbers."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SourceError(0, _("The file is not an Excel workbook (%(error)s).") % {"error": exc}) \
            from None  # fmt: skip
    missing = [name for name in SHEETS[:2] if name not in workbook.sheetnames]
    if missing:
        raise SourceError(
            0, _("The workbook has no sheet %(sheets)s.") % {"sheets": ", ".join(missing)}
        )
    plan = Located(line=SHEET_OFFSET * 0 + 1)
    top = Located(line=1)
    for line, cells in _table(workbook[SHEETS[0]], 0):
        key = _key(cells.get("key"))
        if key == "format":
            top["format"], top.lines["format"] = cells.get("value"), line
        elif key:
            plan[key], plan.lines[key] = cells.get("value"), line
    top["plan"], top.lines["plan"] = plan, plan.line
    top["sections"], top.lines["sections"] = _sections(workbook[SHEETS[1]]), SHEET_OFFSET + 1
    if SHEETS[2] in workbook.sheetnames:
        amendments = []
        for line, cells in _table(workbook[SHEETS[2]], 2):
            entry = Located({k: v for k, v in cells.items() if v is not None}, line=line)
            entry.lines = dict.fromkeys(entry, line)
            if "targets" in entry:
                entry["targets"] = _yaml_cell(entry["targets"], line)
            amendments.append(entry)
        if amendments:
            top["amendments"], top.lines["amendments"] = amendments, 2 * SHEET_OFFSET + 1
    if SHEETS[3] in workbook.sheetnames:
        bands = [cells for _line, cells in _table(workbook[SHEETS[3]], 3)]
        if bands:
            top["grade_scale"], top.lines["grade_scale"] = bands, 3 * SHEET_OFFSET + 1
    return top


ROW_FIELDS = {key for _label, key in ROW_COLUMNS} - {
    "section", "section_key", "section_title", "section_note", "subsection", "subsection_key",
    "subsection_title", "subsection_note", "parent",
}  # fmt: skip


def _sections(sheet) -> list[Located]:
    sections: dict[str, Located] = {}
    subsections: dict[str, Located] = {}
    activities: dict[str, Located] = {}
    for line, cells in _table(sheet, 1):
        section_key = str(cells.get("section_key") or f"section-{cells.get('section')}")
        section = sections.get(section_key)
        if section is None:
            section = Located(
                {"number": cells.get("section"), "key": section_key,
                 "title": cells.get("section_title")}, line=line,
            )  # fmt: skip
            if cells.get("section_note"):
                section["note"] = cells["section_note"]
            section.lines = dict.fromkeys(section, line)
            sections[section_key] = section
        holder = section
        if cells.get("subsection") is not None or cells.get("subsection_key"):
            sub_key = str(cells.get("subsection_key") or f"{section_key}-{cells['subsection']}")
            holder = subsections.get(sub_key)
            if holder is None:
                holder = Located(
                    {"number": cells.get("subsection"), "key": sub_key,
                     "title": cells.get("subsection_title")}, line=line,
                )  # fmt: skip
                if cells.get("subsection_note"):
                    holder["note"] = cells["subsection_note"]
                holder.lines = dict.fromkeys(holder, line)
                subsections[sub_key] = holder
                section.setdefault("subsections", []).append(holder)
                section.lines["subsections"] = line
        row = Located(
            {k: v for k, v in cells.items() if k in ROW_FIELDS and v is not None}, line=line
        )
        targets = Located(line=line)
        for key, value in cells.items():
            if key.isdigit() and value is not None:
                targets[int(key)], targets.lines[int(key)] = value, line
        if targets:
            row["targets"] = targets
        if "rule" in row:
            row["rule"] = _yaml_cell(row["rule"], line)
        row.lines = dict.fromkeys(row, line)
        parent = cells.get("parent")
        if parent:
            activity = activities.get(str(parent))
            if activity is None:
                # Left for the validator to report: an outcome whose activity is unknown.
                row["role"] = row.get("role", "outcome")
                holder.setdefault("rows", []).append(row)
            else:
                activity.setdefault("outcomes", []).append(row)
                activity.lines["outcomes"] = line
        else:
            activities[str(row.get("key"))] = row
            holder.setdefault("rows", []).append(row)
            holder.lines["rows"] = line
    return list(sections.values())
