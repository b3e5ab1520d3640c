"""The plan as one flat table (CSV, or the first sheet of a workbook): the 行 sheet, plan in front.

One file holds one plan. Its columns, left to right:

- the plan's own columns 計画コード (code), 計画名 (title), 開始日 (starts_on), 終了日 (ends_on),
  概要 (summary), 改定 (amendments) and 評価区分 (grade_scale), filled on the first line (or
  repeated with the same value on every line);
- the 行 sheet's columns, one line per row, its section and subsection repeated on each line;
- one column per fiscal year with the row's target, headed like the 行 sheet (2024年度目標 (2024)).

改定 and 評価区分 hold one-line YAML lists, the syntax of the workbook's rule and target-change
cells. The reader turns the lines into the data load_yaml gives and leaves every judgement to
validate.py; it only refuses what the table's layout itself gets wrong (a second plan code).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.utils.translation import gettext as _

from .source import Located
from .spec import FORMAT
from .workbook import flow, read_yaml_cell, row_table, sections_from_lines

PLAN_COLUMNS = [("計画コード", "code"), ("計画名", "title"), ("開始日", "starts_on"),
                ("終了日", "ends_on"), ("概要", "summary"), ("改定", "amendments"),
                ("評価区分", "grade_scale"), ("報告書の記載", "report")]  # fmt: skip
YAML_CELLS = ("amendments", "grade_scale", "report")


def _plan_values(data: dict) -> list:
    plan = data["plan"]
    values = []
    for _label, key in PLAN_COLUMNS:
        value = data.get(key) if key in YAML_CELLS else plan.get(key)
        if isinstance(value, date):
            value = value.isoformat()
        elif key in YAML_CELLS:
            value = flow(value) if value else None
        values.append(value)
    return values


def plan_table(data: dict) -> tuple[list[str], list[list]]:
    """Plan-file data (export.plan_data) as the flat table: header and lines."""
    row_header, lines = row_table(data)
    header = [f"{label} ({key})" for label, key in PLAN_COLUMNS] + row_header
    plan = _plan_values(data)
    if not lines:
        return header, [plan + [None] * len(row_header)]
    blank = [None] * len(plan)
    return header, [plan + lines[0]] + [blank + line for line in lines[1:]]


def read_table(
    lines: Iterable[tuple[int, dict, dict]], *, locate: Callable[[int, str], int]
) -> tuple[Located, list[tuple[int, str]]]:
    """(plan-file data, problems) from the table's lines.

    A line is (file row, {plan key: value}, {行 cell key: value}); empty cells are None.
    `locate(row, key)` is the line number reported for a cell: plan keys are passed as
    "plan.<key>", the row itself as "". Problems are (line, message), for the YAML cells and
    for a plan column given two different values.
    """
    problems: list[tuple[int, str]] = []
    plan = Located()
    given: dict[str, int] = {}  # plan key → the row that gave it
    row_lines: list[tuple[int, dict]] = []
    row_of: dict[int, int] = {}
    first = None
    for row, plan_cells, row_cells in lines:
        first = row if first is None else first
        for key, value in plan_cells.items():
            if value is None:
                continue
            if key not in given:
                given[key] = row
                plan[key] = value
            elif value != plan[key]:
                problems.append(
                    (
                        locate(row, f"plan.{key}"),
                        _("A file holds one plan: this value differs from the one on row %(row)s.")
                        % {"row": given[key]},
                    )
                )
        if any(value is not None for value in row_cells.values()):
            line = locate(row, "")
            row_of[line] = row
            row_lines.append((line, row_cells))
    first = first or 0
    plan.line = locate(given.get("code", first), "")
    plan.lines = {key: locate(given.get(key, first), f"plan.{key}") for _label, key in PLAN_COLUMNS}
    top = Located({"format": FORMAT}, line=plan.line)
    for key in YAML_CELLS:
        if key in plan:
            at = plan.lines[key]
            value = read_yaml_cell(plan.pop(key), at, problems)
            if value is not None:
                top[key], top.lines[key] = value, at
    top["plan"], top.lines["plan"] = plan, plan.line
    top["sections"] = sections_from_lines(
        row_lines, locate=lambda line, key: locate(row_of[line], key), problems=problems
    )
    top.lines["sections"] = row_lines[0][0] if row_lines else plan.line
    return top, problems
