"""Import of a plan definition (計画の定義) from one flat table: definition/table.py's layout.

The dataio engine maps fixed columns, so the kind declares one target column per fiscal year
it knows (FY2015, the first year of accredited plans, to FY2040), each recognised by the
headers 2024年度目標 (2024), 2024年度, 令和6年度, R6, FY2024 and the like. The cells are
only normalised here (numbers, dates, an exported formula guard); every judgement is the plan
validator's (definition/validate.py), run in conclude() over the whole file, so a table, a
YAML file and a workbook are refused for the same reasons. Each problem is reported with the
file's row and column: a value's line number encodes both (row × 1000 + column), as the
workbook's encodes sheet and row. The dry run counts each line as new, changed or unchanged
against the stored plan (validated from its own export, so only real changes count).
Committing writes the plan as services.import_definition does: a plan whose code exists is
updated in place, rows matched by key, actuals kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.dataio import cleaners
from bansou.dataio.reading import FileProblem
from bansou.dataio.registry import Action, Column, ImportKind
from bansou.lib.eras import JapaneseDateError, era_year, fiscal_year_label, parse_fiscal_year
from bansou.lib.tabular import unguard_formula

from ..definition.apply import refuse_removing_rows_with_actuals
from ..definition.export import plan_data
from ..definition.spec import PlanSpec, RowSpec, SectionSpec
from ..definition.table import PLAN_COLUMNS, read_table
from ..definition.validate import DefinitionError, validate
from ..definition.workbook import ROW_COLUMNS
from ..models import DevelopmentPlan
from ..services import save_definition
from . import refuse_unless_plan_keeper

FIRST_YEAR, LAST_YEAR = 2015, 2040
MAX_LINES = 5000  # a plan has some hundred rows; anything far larger is not a plan
COLUMN_SLOTS = 1000  # line number = file row × COLUMN_SLOTS + column position
_QUALIFIER_RE = re.compile(r"[(\[【].*?[)\]】]")  # 「2050年度目標 (2050)」 → 「2050年度目標」
_NUMBER_RE = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")


class Unreadable(str):
    """A cell its column could not read: the raw text, with the reason. resolve() reports
    it on the row; the validator sees the text and its own report of that cell is dropped."""

    message: str

    def __new__(cls, raw, message: str):
        value = super().__new__(cls, str(raw).strip())
        value.message = message
        return value


def _lenient(clean):
    def read(value):
        try:
            return clean(value)
        except cleaners.CellError as exc:
            return Unreadable(value, exc.message)

    return read


_text = _lenient(cleaners.unguarded_text)


def _cell(value):
    """What the workbook reader makes of a cell (workbook._cell): dates, whole numbers, text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return _text(value)
    return value


def _target(value):
    """A number (full-width digits and commas too), or the text for validate.parse_target."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = unicodedata.normalize("NFKC", unguard_formula(str(value).strip())).strip()
    if _NUMBER_RE.fullmatch(text):
        return Decimal(text.replace(",", ""))
    return text


# English labels with the workbook's Japanese as their translation (see the catalogue).
PLAN_LABELS = {
    "code": gettext_lazy("plan code"),
    "title": gettext_lazy("plan title"),
    "starts_on": gettext_lazy("plan starts on"),
    "ends_on": gettext_lazy("plan ends on"),
    "summary": gettext_lazy("plan summary"),
    "amendments": gettext_lazy("amendments"),
    "grade_scale": gettext_lazy("grade scale"),
    "report": gettext_lazy("texts of the report"),
}
PLAN_FIELDS = {"code": "plan_code", "title": "plan_title"}  # plan key → field, if different
ROW_LABELS = {
    "section": gettext_lazy("section number"),
    "section_key": gettext_lazy("section key"),
    "section_title": gettext_lazy("section title"),
    "section_note": gettext_lazy("section note"),
    "subsection": gettext_lazy("subsection number"),
    "subsection_key": gettext_lazy("subsection key"),
    "subsection_title": gettext_lazy("subsection title"),
    "subsection_note": gettext_lazy("subsection note"),
    "key": gettext_lazy("row key"),
    "parent": gettext_lazy("activity row"),
    "label": gettext_lazy("row label"),
    "title": gettext_lazy("plan row title"),
    "department": gettext_lazy("department"),
    "unit": gettext_lazy("unit"),
    "baseline": gettext_lazy("baseline"),
    "publication": gettext_lazy("how results are published"),
    "role": gettext_lazy("role"),
    "source": gettext_lazy("actual from"),
    "rule": gettext_lazy("counting rule"),
    "qualitative_label": gettext_lazy("word shown when carried out"),
    "survey_item": gettext_lazy("survey item code"),
    "note": gettext_lazy("row note"),
}
NUMBER_CELLS = {"section", "subsection"}
DATE_CELLS = {"starts_on", "ends_on"}
REQUIRED = ("plan_code", "plan_title", "starts_on", "ends_on", "section", "section_title", "key",
            "title")  # fmt: skip


def _plan_column(label: str, key: str) -> Column:
    clean = _lenient(cleaners.day) if key in DATE_CELLS else _cell
    return Column(
        PLAN_FIELDS.get(key, key),
        PLAN_LABELS[key],
        aliases=(label, f"{label} ({key})"),
        clean=clean,
    )


def _row_column(label: str, key: str) -> Column:
    clean = _lenient(cleaners.integer) if key in NUMBER_CELLS else _cell
    return Column(key, ROW_LABELS[key], aliases=(label, f"{label} ({key})"), clean=clean)


def year_headers(year: int) -> tuple[str, ...]:
    """The headers that name a fiscal year's target column (the first is the 行 sheet's)."""
    era, n = era_year(date(year, 5, 1))
    names = [f"{year}年度", f"FY{year}", str(year), fiscal_year_label(year),
             f"{era.name}{n}年度", f"{era.letter}{n}年度", f"{era.letter}{n}"]  # fmt: skip
    if year == 2019:  # 令和元年度 is also written 平成31年度
        names += ["平成31年度", "H31年度", "H31"]
    names = list(dict.fromkeys(names))
    return (f"{year}年度目標 ({year})", *names, *(f"{name}目標" for name in names))


def _year_column(year: int) -> Column:
    return Column(
        f"fy{year}",
        format_lazy(gettext_lazy("FY{year} target"), year=year),
        aliases=year_headers(year),
        clean=_target,
    )


class PlanDefinitionsImport(ImportKind):
    code = "plan_definitions"
    label = gettext_lazy("Plan definition")
    description = gettext_lazy(
        "A development plan as one table, like the 行 sheet of the plan workbook: one line "
        "per row with its section, the plan's code, title and period on the first line, and "
        "a target column per fiscal year. A plan whose code exists is updated in place."
    )
    list_url_name = "evaluation:index"
    order = 51
    columns = (
        *(_plan_column(label, key) for label, key in PLAN_COLUMNS),
        *(_row_column(label, key) for label, key in ROW_COLUMNS),
        *(_year_column(year) for year in range(FIRST_YEAR, LAST_YEAR + 1)),
    )
    # The table's cell keys (definition/table.py): plan keys as "plan.<key>", years as "2024".
    TABLE_KEYS = {
        **{PLAN_FIELDS.get(key, key): f"plan.{key}" for _label, key in PLAN_COLUMNS},
        **{key: key for _label, key in ROW_COLUMNS},
        **{f"fy{year}": str(year) for year in range(FIRST_YEAR, LAST_YEAR + 1)},
    }

    def __init__(self) -> None:
        self.position = {
            self.TABLE_KEYS[column.field]: index
            for index, column in enumerate(self.columns, start=1)
        }

    def validate_mapping(self, mapped: set[str]) -> list[str]:
        return [
            _("Choose the column for 「%(label)s」: it is required.")
            % {"label": self.column(name).label}
            for name in REQUIRED
            if name not in mapped
        ]

    def begin(self, run) -> None:
        refuse_unless_plan_keeper(run, actor_needed=False)
        unknown = [header for header in _unmapped(run) if _names_other_year(header)]
        if unknown:
            raise FileProblem(
                _(
                    "The columns %(columns)s look like targets of fiscal years the table does "
                    "not know (FY%(first)s to FY%(last)s)."
                )
                % {"columns": "、".join(f"「{h}」" for h in unknown), "first": FIRST_YEAR,
                   "last": LAST_YEAR}
            )  # fmt: skip
        run.cache.update(
            lines=[], reported=set(), too_long=False, plan_code=None, stored=None, actions={}
        )

    # --- resolve: collect the lines ----------------------------------------------------

    def resolve(self, rows, run) -> None:
        lines = run.cache["lines"]
        for row in rows:
            if len(lines) >= MAX_LINES:
                if not run.cache["too_long"]:
                    run.cache["too_long"] = True
                    row.error(
                        "",
                        _("A plan definition has at most %(max)s lines; this file has more.")
                        % {"max": f"{MAX_LINES:,}"},
                    )
                continue
            plan_cells, row_cells = {}, {}
            for field_name, value in row.values.items():
                table_key = self.TABLE_KEYS[field_name]
                if isinstance(value, Unreadable):
                    row.error(field_name, value.message)
                    run.cache["reported"].add(self.locate(row.number, table_key))
                if table_key.startswith("plan."):
                    plan_cells[table_key.removeprefix("plan.")] = value
                else:
                    row_cells[table_key] = value
            lines.append((row.number, plan_cells, row_cells))
            self._decide(row, run, plan_cells, row_cells)

    def locate(self, row: int, key: str) -> int:
        return row * COLUMN_SLOTS + self.position.get(key, 0)

    def _decide(self, row, run, plan_cells: dict, row_cells: dict) -> None:
        """A first guess, by key, for the preview: conclude() compares the whole plan."""
        if run.cache["plan_code"] is None and plan_cells.get("code"):
            run.cache["plan_code"] = code = str(plan_cells["code"])
            plan = DevelopmentPlan.objects.filter(organization=run.organization, code=code).first()
            run.cache["stored"] = _stored_spec(plan) if plan is not None else None
        stored = run.cache["stored"]
        has_row = any(value is not None for value in row_cells.values())
        if stored is None or (has_row and row_cells.get("key") not in stored.rows):
            row.action, row.match = Action.CREATE, _("new row")
        else:
            row.action = Action.UPDATE
            row.match = stored.spec.title if has_row else _("the plan's own columns")
        run.cache["actions"][row.number] = row.action

    def write(self, rows, run) -> None:
        """Nothing per batch: the plan is written as a whole in conclude()."""

    # --- conclude: the whole plan -------------------------------------------------------

    def conclude(self, run) -> list[tuple[int, str, str]]:
        lines = run.cache.get("lines")
        if run.cache.get("too_long"):
            return []
        if not lines:
            return [(0, "", _("The file has no lines of a plan."))]
        data, problems = read_table(lines, locate=self.locate)
        spec = None
        try:
            spec = validate(data)
        except DefinitionError as exc:
            problems += exc.problems
        if spec is not None and not problems and not run.cache["reported"]:
            self._recount(run, spec, first_row=lines[0][0])
            problems += self._write_or_check(spec, run)
        reported = run.cache["reported"]
        return [
            (row, self.columns[position - 1].field if position else "", message)
            for line, message in sorted(problems, key=lambda problem: problem[0])
            if line not in reported
            for row, position in [divmod(line, COLUMN_SLOTS)]
        ]

    def _recount(self, run, spec: PlanSpec, *, first_row: int) -> None:
        """Each line as new, changed or unchanged: its row against the stored plan's, as
        validated from the same plan-file data (the first line also carries the plan).

        The engine counted resolve()'s guesses into run.counts after each batch; they are
        corrected here, before the pass's counts are read.
        """
        stored = run.cache["stored"]
        if stored is None:
            return
        actions = {}
        for key, (place, row) in _placed_rows(spec).items():
            before = stored.rows.get(key)
            number = row.line // COLUMN_SLOTS
            actions[number] = (
                Action.CREATE if before is None
                else Action.UNCHANGED if before == (place, _bare(row))
                else Action.UPDATE
            )  # fmt: skip
        if _plan_facts(spec) != _plan_facts(stored.spec, like=spec):
            if actions.get(first_row, Action.UPDATE) != Action.CREATE:
                actions[first_row] = Action.UPDATE
        else:
            actions.setdefault(first_row, Action.UNCHANGED)
        guessed = run.cache["actions"]
        for number, action in actions.items():
            if guessed.get(number) not in (None, action):
                run.counts[guessed[number]] -= 1
                run.counts[action] += 1
                guessed[number] = action
        for action in [action for action, count in run.counts.items() if count <= 0]:
            del run.counts[action]

    def _write_or_check(self, spec, run) -> list[tuple[int, str]]:
        try:
            if run.committing:
                save_definition(run.organization, spec, file_format="table", actor=run.actor)
            else:
                stored = DevelopmentPlan.objects.filter(
                    organization=run.organization, code=spec.code
                ).first()
                if stored is not None:
                    refuse_removing_rows_with_actuals(stored, spec)
        except DefinitionError as exc:
            return exc.problems
        return []


def _unmapped(run) -> list[str]:
    used = {index for index in run.mapping.values() if index is not None}
    return [header for index, header in enumerate(run.header) if header and index not in used]


def _names_other_year(header: str) -> bool:
    """「2050年度目標」 or 「FY2050」: a target column this kind cannot map."""
    text = _QUALIFIER_RE.sub("", cleaners.key(header)).removesuffix("目標")
    try:
        year = parse_fiscal_year(text)
    except JapaneseDateError:
        return False
    return not FIRST_YEAR <= year <= LAST_YEAR


class _StoredPlan:
    """The stored plan as the validator reads its own export, and its rows by key."""

    def __init__(self, spec: PlanSpec) -> None:
        self.spec = spec
        self.rows = {key: (place, _bare(row)) for key, (place, row) in _placed_rows(spec).items()}


def _stored_spec(plan) -> _StoredPlan | None:
    try:
        return _StoredPlan(validate(plan_data(plan)))
    except DefinitionError:  # stored before a rule changed: every line counts as new
        return None


def _bare(row: RowSpec) -> RowSpec:
    return replace(row, line=0, outcomes=[])


def _section_facts(section: SectionSpec | None) -> tuple:
    if section is None:
        return ()
    return (section.key, section.number, section.title, section.note, section.grade_basis)


def _placed_rows(spec: PlanSpec) -> dict[str, tuple[tuple, RowSpec]]:
    """{row key: (where it sits: section, subsection, activity, position; the row)}."""
    placed = {}
    for section in spec.sections:
        for sub in [None, *section.subsections]:
            holder = sub or section
            for position, row in enumerate(holder.rows):
                where = (_section_facts(section), _section_facts(sub))
                placed[row.key] = ((*where, "", position), row)
                for index, outcome in enumerate(row.outcomes):
                    placed[outcome.key] = ((*where, row.key, index), outcome)
    return placed


def _plan_facts(spec: PlanSpec, like: PlanSpec | None = None) -> tuple:
    """What the first line sets besides its row; a file without 評価区分 keeps the bands."""
    scale = spec.grade_scale if (like or spec).grade_scale is not None else None
    return (spec.code, spec.title, spec.starts_on, spec.ends_on, spec.summary,
            [replace(a, line=0) for a in spec.amendments], scale)  # fmt: skip
