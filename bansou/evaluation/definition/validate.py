"""Checking a plan file: every problem is collected with its line, nothing is written here."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from bansou.lib.eras import fiscal_year
from bansou.organizations.models import Department

from ..engine.grading import GradeScale, GradeScaleError
from ..engine.rules import RuleError, parse_rule
from ..models import (
    DevelopmentPlan,
    GradeBasis,
    ItemRole,
    ItemSource,
    PlanItem,
    PlanSection,
    TargetKind,
)
from .source import Located
from .spec import FORMAT, AmendmentSpec, PlanSpec, RowSpec, SectionSpec, TargetSpec

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
AS_NEEDED_WORDS = {"随時", "as_needed", "as needed"}
AT_LEAST_WORD = "以上"
NO_TARGET_WORDS = {"-", "－", "―", "—", "none", "なし"}
TOP_KEYS = {
    "format", "organization", "plan", "grade_scale", "amendments", "sections", "report"
}  # fmt: skip
REPORT_KEYS = {"overview", "section_descriptions"}
OVERVIEW_KEYS = {"period_note", "goals", "contents"}
PLAN_KEYS = {"code", "title", "starts_on", "ends_on", "summary"}
AMENDMENT_KEYS = {"amended_on", "reason", "changes", "ends_on", "targets"}
SECTION_KEYS = {"number", "key", "title", "grade_basis", "note", "rows", "subsections"}
ROW_KEYS = {
    "key", "label", "title", "department", "unit", "baseline", "publication", "role", "source",
    "rule", "targets", "survey_item", "qualitative_label", "note", "outcomes",
}  # fmt: skip


class DefinitionError(ValueError):
    """All the problems of a plan file, each "line N: where: what"."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = sorted(problems, key=lambda p: p[0])
        super().__init__("\n".join(self.messages()))

    def messages(self) -> list[str]:
        return [
            _("line %(line)s: %(message)s") % {"line": line, "message": message}
            if line
            else message
            for line, message in self.problems
        ]


def _limit(model, field_name: str) -> int | None:
    """The model field's max_length: the longest text the database stores there."""
    return model._meta.get_field(field_name).max_length


class _Checker:
    def __init__(self):
        self.problems: list[tuple[int, str]] = []

    def error(self, line: int, where: str, message: str) -> None:
        self.problems.append((line, f"{where}: {message}" if where else message))

    def mapping(self, value, line: int, where: str, allowed: set[str]) -> Located | None:
        if not isinstance(value, dict):
            self.error(line, where, _("expected a mapping of key: value."))
            return None
        if not isinstance(value, Located):
            value = Located(value, line=line)
        for key in value:
            if key not in allowed:
                self.error(
                    value.line_of(key),
                    where,
                    _("unknown key %(key)r (allowed: %(allowed)s).")
                    % {"key": key, "allowed": ", ".join(sorted(allowed))},
                )
        return value

    def text(
        self,
        data: Located,
        key: str,
        where: str,
        *,
        required=False,
        default="",
        model=None,
        field: str | None = None,
    ) -> str:
        """The text at `key`; with `model`, no longer than its field (`field`, else `key`)."""
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.error(data.line_of(key), where, _("%(key)s is required.") % {"key": key})
            return default
        if isinstance(value, bool | list | dict):
            self.error(data.line_of(key), where, _("%(key)s must be text.") % {"key": key})
            return default
        text = str(value).strip()
        limit = _limit(model, field or key) if model is not None else None
        if limit is not None and len(text) > limit:
            self.error(
                data.line_of(key),
                where,
                _("%(key)s may have at most %(max)s characters (this one has %(length)s).")
                % {"key": key, "max": limit, "length": len(text)},
            )
            return default
        return text

    def date_value(self, data: Located, key: str, where: str, *, required=True) -> date | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(
            data.line_of(key), where, _("%(key)s must be a date like 2024-04-01.") % {"key": key}
        )
        return None

    def key(self, data: Located, where: str, seen: set[str]) -> str:
        key = self.text(data, "key", where, required=True, model=PlanItem)
        if key and not KEY_RE.match(key):
            self.error(
                data.line_of("key"),
                where,
                _("key %(key)r may use only a–z, 0–9, - and _.") % {"key": key},
            )
        elif key in seen:
            self.error(data.line_of("key"), where, _("key %(key)r is used twice.") % {"key": key})
        seen.add(key)
        return key

    def choice(self, data: Located, key: str, where: str, choices, default: str) -> str:
        value = data.get(key, default)
        if value not in choices.values:
            self.error(
                data.line_of(key),
                where,
                _("%(key)s must be one of %(choices)s, not %(value)r.")
                % {"key": key, "choices": ", ".join(choices.values), "value": value},
            )
            return default
        return value

    def targets(
        self, value, line: int, where: str, years: list[int] | None
    ) -> dict[int, TargetSpec]:
        """`years` is None when the plan's period could not be read: years are not judged."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(line, where, _("targets must map fiscal years to targets."))
            return {}
        lines = value.lines if isinstance(value, Located) else {}
        targets = {}
        for year, raw in value.items():
            at = lines.get(year, line)
            known = years is None or year in years
            if isinstance(year, bool) or not isinstance(year, int) or not known:
                self.error(
                    at,
                    where,
                    _("%(year)r is not a fiscal year of the plan (%(years)s).")
                    % {"year": year, "years": ", ".join(map(str, years or []))},
                )
                continue
            target = parse_target(raw)
            if target is None:
                self.error(
                    at,
                    where,
                    _(
                        "the target for %(year)s must be a number, a number with 以上, 随時 "
                        "or -, not %(value)r."
                    )
                    % {"year": year, "value": raw},
                )
                continue
            targets[year] = target
        return targets


def parse_target(raw) -> TargetSpec | None:
    """A number (≥ 0), 随時 / as_needed, or none / - / empty; anything else is refused."""
    if raw is None:
        return TargetSpec(TargetKind.NONE)
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        value = Decimal(str(raw))
    else:
        text = str(raw).strip()
        if text in AS_NEEDED_WORDS:
            return TargetSpec(TargetKind.AS_NEEDED)
        if text in NO_TARGET_WORDS or text == "":
            return TargetSpec(TargetKind.NONE)
        if text.endswith(AT_LEAST_WORD):  # 「2以上」: the plan's floor, evaluated as 2
            floor = parse_target(text.removesuffix(AT_LEAST_WORD).strip())
            if floor is None or floor.kind != TargetKind.NUMBER:
                return None
            return TargetSpec(TargetKind.AT_LEAST, floor.value)
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    if not value.is_finite() or value < 0:
        return None
    return TargetSpec(TargetKind.NUMBER, value)


def validate(data) -> PlanSpec:
    """The PlanSpec of a parsed plan file, or DefinitionError listing every problem."""
    check = _Checker()
    top = check.mapping(data, 1, "", TOP_KEYS)
    if top is None:
        raise DefinitionError(check.problems)
    if top.get("format") != FORMAT:
        check.error(top.line_of("format"), "", _("format must be %(format)s.") % {"format": FORMAT})
    plan = check.mapping(top.get("plan"), top.line_of("plan"), _("plan"), PLAN_KEYS)
    if plan is None:
        raise DefinitionError(check.problems)
    where = _("plan")
    code = check.text(plan, "code", where, required=True, model=DevelopmentPlan)
    if code and not KEY_RE.match(code):
        check.error(plan.line_of("code"), where, _("code may use only a–z, 0–9, - and _."))
    starts_on = check.date_value(plan, "starts_on", where)
    ends_on = check.date_value(plan, "ends_on", where)
    years: list[int] | None = None  # unknown: one date error, not one per target
    if starts_on and ends_on:
        if ends_on <= starts_on:
            check.error(plan.line_of("ends_on"), where, _("ends_on must be after starts_on."))
        else:
            years = list(range(fiscal_year(starts_on), fiscal_year(ends_on) + 1))
    spec = PlanSpec(
        code=code,
        title=check.text(plan, "title", where, required=True, model=DevelopmentPlan),
        starts_on=starts_on,
        ends_on=ends_on,
        summary=check.text(plan, "summary", where),
    )
    spec.grade_scale = _grade_scale(check, top)
    spec.report = _report(check, top)
    seen_sections: set[str] = set()
    seen_rows: set[str] = set()
    sections = top.get("sections")
    if not isinstance(sections, list) or not sections:
        check.error(top.line_of("sections"), "", _("sections must be a non-empty list."))
        sections = []
    numbers: set[int] = set()
    for raw in sections:
        section = _section(check, raw, top.line_of("sections"), years, seen_sections, seen_rows)
        if section is None:
            continue
        if section.number in numbers:
            check.error(section.line, _("section %(n)s") % {"n": section.number},
                        _("the number is used twice."))  # fmt: skip
        numbers.add(section.number)
        spec.sections.append(section)
    spec.amendments = _amendments(check, top, starts_on, years, seen_rows)
    if check.problems:
        raise DefinitionError(check.problems)
    return spec


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _report(check: _Checker, top: Located) -> dict:
    """`report`: the overview block and the sections' descriptions the committee's report
    prints (plan data, so that another chamber's file carries its own)."""
    raw = top.get("report")
    if raw is None:
        return {}
    line, where = top.line_of("report"), _("report")
    if not isinstance(raw, dict) or set(raw) - REPORT_KEYS:
        check.error(line, where, _("report may hold only overview and section_descriptions."))
        return {}
    report: dict = {}
    overview = raw.get("overview")
    if overview is not None:
        if not isinstance(overview, dict) or set(overview) - OVERVIEW_KEYS:
            check.error(line, where, _("overview may hold only period_note, goals and contents."))
        elif not all(_texts(overview.get(k, [])) for k in ("goals", "contents")) or not isinstance(
            overview.get("period_note", ""), str
        ):
            check.error(
                line, where, _("goals and contents are lists of texts; period_note a text.")
            )
        else:
            report["overview"] = {k: overview[k] for k in ("period_note", "goals", "contents")
                                  if overview.get(k)}  # fmt: skip
    descriptions = raw.get("section_descriptions")
    if descriptions is not None:
        if not isinstance(descriptions, dict) or not all(
            isinstance(k, int) and not isinstance(k, bool) and isinstance(v, str)
            for k, v in descriptions.items()
        ):
            check.error(line, where, _("section_descriptions maps section numbers to texts."))
        else:
            report["section_descriptions"] = {str(k): v for k, v in descriptions.items()}
    return report


def _grade_scale(check: _Checker, top: Located) -> list[dict] | None:
    raw = top.get("grade_scale")
    if raw is None:
        return None
    line = top.line_of("grade_scale")
    if not isinstance(raw, list):
        check.error(line, _("grade_scale"), _("expected a list of bands."))
        return None
    try:
        return GradeScale.from_bands(raw).to_json()
    except GradeScaleError as exc:
        if exc.band is not None and exc.band < len(raw) and isinstance(raw[exc.band], Located):
            line = raw[exc.band].line
        check.error(line, _("grade_scale"), str(exc))
        return None


def _section(check, raw, line, years, seen_sections, seen_rows, parent=None) -> SectionSpec | None:
    data = check.mapping(raw, line, _("section"), SECTION_KEYS)
    if data is None:
        return None
    number = data.get("number")
    label = _("section %(n)s") % {"n": number if parent is None else f"{parent}-{number}"}
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 99:
        check.error(data.line_of("number"), label, _("number must be a whole number 1–99."))
        number = 0
    key = check.key(data, label, seen_sections)
    section = SectionSpec(
        number=number,
        key=key,
        title=check.text(data, "title", label, required=True, model=PlanSection),
        line=data.line,
        note=check.text(data, "note", label),
    )
    for raw_sub in _list(check, data, "subsections", label):
        if parent is not None:
            check.error(data.line_of("subsections"), label, _("subsections cannot be nested."))
            break
        sub = _section(check, raw_sub, data.line_of("subsections"), years, seen_sections,
                       seen_rows, parent=number)  # fmt: skip
        if sub is not None:
            section.subsections.append(sub)
    for raw_row in _list(check, data, "rows", label):
        row = _row(check, raw_row, data.line_of("rows"), years, seen_rows)
        if row is not None:
            section.rows.append(row)
    if section.subsections and section.rows:
        check.error(data.line, label, _("a section has either rows or subsections, not both."))
    if not section.subsections and not section.rows:
        check.error(data.line, label, _("a section needs rows or subsections."))
    section.grade_basis = _grade_basis(check, data, label, section)
    return section


def _grade_basis(check, data, label, section: SectionSpec) -> str:
    if section.subsections:
        inferred = GradeBasis.SUBSECTIONS
    elif section.rows and all(r.role == ItemRole.QUALITATIVE for r in section.rows):
        inferred = GradeBasis.QUALITATIVE
    else:
        inferred = GradeBasis.RATE
    basis = check.choice(data, "grade_basis", label, GradeBasis, inferred)
    if "grade_basis" in data and basis != inferred:
        check.error(
            data.line_of("grade_basis"),
            label,
            _("grade_basis %(basis)s does not fit the section (expected %(expected)s).")
            % {"basis": basis, "expected": inferred},
        )
    return inferred


def _list(check, data: Located, key: str, where: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        check.error(data.line_of(key), where, _("%(key)s must be a list.") % {"key": key})
        return []
    return value


def _row(check, raw, line, years, seen_rows, parent: RowSpec | None = None) -> RowSpec | None:
    data = check.mapping(raw, line, _("row"), ROW_KEYS)
    if data is None:
        return None
    key = check.key(data, _("row"), seen_rows)
    where = _("row %(key)s") % {"key": key or "?"}
    default_role = ItemRole.OUTCOME if parent else ItemRole.ACTIVITY
    role = check.choice(data, "role", where, ItemRole, default_role)
    rule = data.get("rule")
    inferred = (
        ItemSource.RULE if rule is not None
        else ItemSource.CARRIED_OUT if role == ItemRole.QUALITATIVE
        else ItemSource.MANUAL
    )  # fmt: skip
    source = check.choice(data, "source", where, ItemSource, inferred)
    row = RowSpec(
        key=key,
        title=check.text(data, "title", where, required=True, model=PlanItem),
        line=data.line,
        label=check.text(data, "label", where, model=PlanItem),
        department=check.text(data, "department", where, model=Department, field="name"),
        unit=check.text(data, "unit", where, model=PlanItem),
        baseline=check.text(data, "baseline", where, model=PlanItem),
        publication=check.text(data, "publication", where, model=PlanItem),
        role=role,
        source=source,
        targets=check.targets(data.get("targets"), data.line_of("targets"), where, years),
        survey_item=check.text(data, "survey_item", where, model=PlanItem),
        qualitative_label=check.text(data, "qualitative_label", where, model=PlanItem),
        note=check.text(data, "note", where),
    )
    _check_role(check, data, where, row, parent)
    if source == ItemSource.RULE:
        if rule is None:
            check.error(data.line, where, _("source rule needs a rule."))
        else:
            try:
                row.rule = parse_rule(rule).to_data()
            except RuleError as exc:
                at = exc.mapping.line_of(exc.key) if isinstance(exc.mapping, Located) else 0
                check.error(at or data.line_of("rule"), where, str(exc))
    elif rule is not None:
        check.error(data.line_of("rule"), where, _("a rule is only used with source rule."))
    for raw_outcome in _list(check, data, "outcomes", where):
        if parent is not None or role != ItemRole.ACTIVITY:
            check.error(data.line_of("outcomes"), where, _("only activity rows have outcomes."))
            break
        outcome = _row(check, raw_outcome, data.line_of("outcomes"), years, seen_rows, row)
        if outcome is not None:
            row.outcomes.append(outcome)
    return row


def _check_role(check, data, where, row: RowSpec, parent: RowSpec | None) -> None:
    if parent is not None and row.role != ItemRole.OUTCOME:
        check.error(data.line_of("role"), where, _("rows under outcomes must be outcome rows."))
    if parent is None and row.role == ItemRole.OUTCOME:
        check.error(data.line_of("role"), where, _("an outcome row belongs under an activity."))
    qualitative = row.role == ItemRole.QUALITATIVE
    # A qualitative row is recorded as carried out, or carried out when its rule counts ≥ 1.
    if (row.source == ItemSource.CARRIED_OUT and not qualitative) or (
        qualitative and row.source == ItemSource.MANUAL
    ):
        check.error(
            data.line_of("source"),
            where,
            _("qualitative rows, and only they, are recorded as carried out or not."),
        )
    if qualitative and any(t.kind == TargetKind.NUMBER for t in row.targets.values()):
        check.error(data.line_of("targets"), where, _("a qualitative row has no number target."))


def _amendments(check, top: Located, starts_on, years, seen_rows) -> list[AmendmentSpec]:
    amendments = []
    for raw in _list(check, top, "amendments", ""):
        data = check.mapping(raw, top.line_of("amendments"), _("amendment"), AMENDMENT_KEYS)
        if data is None:
            continue
        where = _("amendment")
        amendment = AmendmentSpec(
            amended_on=check.date_value(data, "amended_on", where),
            reason=check.text(data, "reason", where, required=True),
            changes=check.text(data, "changes", where, required=True),
            line=data.line,
            ends_on=check.date_value(data, "ends_on", where, required=False),
        )
        if amendment.ends_on and starts_on and amendment.ends_on <= starts_on:
            check.error(data.line_of("ends_on"), where, _("ends_on must be after the start."))
        raw_targets = data.get("targets") or {}
        if not isinstance(raw_targets, dict):
            check.error(data.line_of("targets"), where, _("targets must map row keys."))
            raw_targets = {}
        for row_key, row_targets in raw_targets.items():
            at = raw_targets.lines.get(row_key, data.line) if isinstance(raw_targets, Located) \
                else data.line  # fmt: skip
            if row_key not in seen_rows:
                check.error(at, where, _("no row has the key %(key)r.") % {"key": row_key})
                continue
            amendment.targets[row_key] = check.targets(row_targets, at, where, years)
        amendments.append(amendment)
    return amendments
