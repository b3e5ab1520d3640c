"""The plan as an Excel workbook for people: the same content as the YAML file.

Sheets: 計画 (key, value), 行 (one line per row, sections repeated on each line; a column per
fiscal year), 改定 (amendments), 評価区分 (grade bands). Headers read "日本語 (key)"; only the
key in parentheses matters. Errors name the sheet and the row. The 行 sheet's layout is also
the flat table's (table.py): row_table() writes it and sections_from_lines() reads it for both.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
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
               ("開始日", "starts_on"), ("終了日", "ends_on"), ("概要", "summary"),
               ("報告書の記載", "report")]  # fmt: skip
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


def flow(value) -> str:
    """A value as one-line YAML (the syntax of the rule and target-change cells)."""
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
    if data.get("report"):
        values["report"] = flow(data["report"])  # YAML flow text, like the amendments' targets
    for label, key in PLAN_FIELDS:
        value = values.get(key, "")
        plan_sheet.append([f"{label} ({key})", value.isoformat() if isinstance(value, date)
                           else value])  # fmt: skip
    rows_sheet = workbook.create_sheet(SHEETS[1])
    header, lines = row_table(data)
    rows_sheet.append(header)
    for cell in rows_sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        rows_sheet.append(line)
    amendments = workbook.create_sheet(SHEETS[2])
    _header(amendments, AMENDMENT_COLUMNS)
    for entry in data.get("amendments", []):
        amendments.append(
            [
                entry["amended_on"].isoformat(), entry["reason"], entry["changes"],
                entry["ends_on"].isoformat() if entry.get("ends_on") else None,
                flow(entry["targets"]) if entry.get("targets") else None,
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


def target_years(data: dict) -> list[int]:
    """The fiscal years any row of plan-file data has a target for, in order."""
    return sorted({y for row in _rows(data) for y in row[-1].get("targets", {})})


def row_table(data: dict) -> tuple[list[str], list[list]]:
    """The 行 sheet: its header ("日本語 (key)", then "2024年度目標 (2024)" …) and lines."""
    years = target_years(data)
    header = [f"{label} ({key})" for label, key in ROW_COLUMNS]
    header += [f"{y}年度目標 ({y})" for y in years]
    lines = []
    for section, sub, parent, row in _rows(data):
        targets = row.get("targets", {})
        rule = row.get("rule")
        lines.append(
            [
                section["number"], section["key"], section["title"], section.get("note"),
                sub["number"] if sub else None, sub["key"] if sub else None,
                sub["title"] if sub else None, sub.get("note") if sub else None,
                row["key"], parent or None, row.get("label"), row["title"],
                row.get("department"), row.get("unit"), row.get("baseline"),
                row.get("publication"), row.get("role"), row.get("source"),
                flow(rule) if rule else None, row.get("qualitative_label"),
                row.get("survey_item"), row.get("note"),
                *[targets.get(y) for y in years],
            ]
        )  # fmt: skip
    return header, lines


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


def _relocate(value, line: int):
    """Parsed YAML of one cell: every mapping in it is placed at the cell's line.

    load_yaml numbers the lines of the cell's own text (always 1); an error inside a rule
    must name the sheet row (or file row and column) the cell is on.
    """
    if isinstance(value, Located):
        value.line = line
        value.lines = dict.fromkeys(value, line)
        for item in value.values():
            _relocate(item, line)
    elif isinstance(value, list):
        for item in value:
            _relocate(item, line)
    return value


def read_yaml_cell(text, line: int, problems: list | None = None):
    """A one-line YAML cell (a rule, target changes); a syntax error is a SourceError at
    `line`, or, when `problems` is given, appended to it as (line, message) and None returned."""
    if text is None:
        return None
    try:
        return _relocate(load_yaml(str(text)), line)
    except SourceError as exc:
        message = _("The cell is not valid YAML: %(error)s") % {"error": exc.message}
        if problems is None:
            raise SourceError(line, message) from None
        problems.append((line, message))
        return None


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
        elif key == "report":
            if cells.get("value"):
                top["report"] = read_yaml_cell(cells.get("value"), line)
                top.lines["report"] = line
        elif key:
            plan[key], plan.lines[key] = cells.get("value"), line
    top["plan"], top.lines["plan"] = plan, plan.line
    top["sections"] = sections_from_lines(_table(workbook[SHEETS[1]], 1))
    top.lines["sections"] = SHEET_OFFSET + 1
    if SHEETS[2] in workbook.sheetnames:
        amendments = []
        for line, cells in _table(workbook[SHEETS[2]], 2):
            entry = Located({k: v for k, v in cells.items() if v is not None}, line=line)
            entry.lines = dict.fromkeys(entry, line)
            if "targets" in entry:
                entry["targets"] = read_yaml_cell(entry["targets"], line)
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


SECTION_CELLS = {"number": "section", "key": "section_key", "title": "section_title",
                 "note": "section_note"}  # fmt: skip
SUBSECTION_CELLS = {"number": "subsection", "key": "subsection_key", "title": "subsection_title",
                    "note": "subsection_note"}  # fmt: skip


def _same_line(line: int, _cell_key: str) -> int:
    return line


def _section_part(cells: dict, names: dict, key: str, line: int, at) -> Located:
    part = Located(
        {"number": cells.get(names["number"]), "key": key, "title": cells.get(names["title"])},
        line=line,
    )
    if cells.get(names["note"]):
        part["note"] = cells[names["note"]]
    part.lines = {name: at(line, cell) for name, cell in names.items()}
    if not cells.get(names["key"]):
        part.lines["key"] = at(line, names["number"])  # the key is made from the number
    return part


def sections_from_lines(
    lines: Iterable[tuple[int, dict]],
    *,
    locate: Callable[[int, str], int] = _same_line,
    problems: list | None = None,
) -> list[Located]:
    """The sections of plan-file data from lines laid out like the 行 sheet.

    Each line is (line number, {cell key: value}) with the keys of ROW_COLUMNS and a fiscal
    year ("2024") per target. The first line of a section or subsection gives its number,
    title and note. `locate(line, cell key)` is the line reported for a value (the workbook
    reports the sheet row; the flat table also encodes the column); `problems` collects YAML
    syntax errors instead of raising the first (see read_yaml_cell).
    """
    sections: dict[str, Located] = {}
    subsections: dict[str, Located] = {}
    activities: dict[str, Located] = {}
    for line, cells in lines:
        section_key = str(cells.get("section_key") or f"section-{cells.get('section')}")
        section = sections.get(section_key)
        if section is None:
            section = _section_part(cells, SECTION_CELLS, section_key, line, locate)
            sections[section_key] = section
        holder = section
        if cells.get("subsection") is not None or cells.get("subsection_key"):
            sub_key = str(cells.get("subsection_key") or f"{section_key}-{cells['subsection']}")
            holder = subsections.get(sub_key)
            if holder is None:
                holder = _section_part(cells, SUBSECTION_CELLS, sub_key, line, locate)
                subsections[sub_key] = holder
                section.setdefault("subsections", []).append(holder)
                section.lines["subsections"] = line
        row = Located(
            {k: v for k, v in cells.items() if k in ROW_FIELDS and v is not None}, line=line
        )
        row.lines = {k: locate(line, k) for k in ROW_FIELDS}
        targets = Located(line=line)
        for key, value in cells.items():
            if key.isdigit() and value is not None:
                targets[int(key)], targets.lines[int(key)] = value, locate(line, key)
        if targets:
            row["targets"], row.lines["targets"] = targets, line
        if "rule" in row:
            row["rule"] = read_yaml_cell(row["rule"], row.lines["rule"], problems)
            if row["rule"] is None:
                del row["rule"]  # its syntax error is reported; the rest is still checked
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
