"""evaluate(plan, fiscal_year): each row's actual, rate and grade, each section's (DOMAIN §2)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.lib.eras import fiscal_year_label

from ..models import (
    NUMERIC_TARGETS,
    DevelopmentPlan,
    GradeBasis,
    ItemRole,
    ItemSource,
    ItemYear,
)
from ..results import EvaluationResult, RowResult, SectionResult
from .aggregates import RuleCount, all_rule_counts, records_of
from .grading import GradeScale, composite_grade, percent, qualitative_grade
from .rules import Rule
from .structure import NO_TARGET, PlanYear, grade_scale_for, load_plan_year

Status = ItemYear.Status


def format_number(value: Decimal | None) -> str:
    if value is None:
        return "－"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,}"


def exclusion_remark(count: RuleCount, unit: str, rule: Rule | None = None) -> list[str]:
    """Report FY2024 §3: "283件から地区外・小規模以外94件を除く" — one remark per exclusion,
    in the plan's own words where its exclusion has a remark ("巡回事業所数から鳩ヶ谷地区巡回
    845件を除く")."""
    worded = {e.name: e.remark for e in rule.exclusions} if rule is not None else {}
    remarks = []
    for name, excluded in count.exclusions:
        values = {
            "before": format_number(count.before_exclusions),
            "unit": unit,
            "name": name,
            "count": format_number(excluded),
            "actual": format_number(count.actual),
        }
        if worded.get(name):
            remarks.append(worded[name].format(**values))
        else:
            remarks.append(
                _("%(before)s%(unit)s from which %(name)s %(count)s%(unit)s are excluded") % values
            )
    return remarks


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _person(user) -> str:
    return user.display_name or user.username


def opening_display(figure, records_actual: Decimal, recorded: bool) -> dict:
    """移行前の集計値 of a row, with its evidence and, when records exist too, the choice."""
    stands = figure.stands if recorded else figure.Stands.OPENING
    return {
        "value": figure.value,
        "value_display": format_number(figure.value),
        "records_actual": records_actual if recorded else None,
        "records_display": format_number(records_actual) if recorded else "",
        "recorded": recorded,
        # Until someone chooses, the figure entered before the records stays.
        "stands": stands or figure.Stands.OPENING,
        "needs_choice": recorded and not figure.stands,
        "entered_by": _person(figure.entered_by),
        "entered_at": timezone.localtime(figure.entered_at).date(),
        "source_file": figure.source_file,
        "note": figure.note,
        "decided_by": _person(figure.decided_by) if figure.decided_by_id else "",
    }


class _Evaluator:
    def __init__(
        self,
        plan_year: PlanYear,
        counts: dict[str, RuleCount],
        scale: GradeScale,
        recorded_kinds: frozenset[str] = frozenset(),
    ):
        self.py = plan_year
        self.counts = counts
        self.scale = scale
        self.recorded_kinds = recorded_kinds

    # --- rows ---------------------------------------------------------------------------

    def row(self, item, parent_status: str = "", parent_reason: str = "") -> RowResult:
        py = self.py
        target = py.targets.get(item.pk, NO_TARGET)
        year = py.years.get(item.pk)
        status = year.status if year else ""
        reason = year.reason if year else ""
        remarks = _lines(year.remarks) if year else []
        if parent_status == Status.NOT_CARRIED_OUT and status != Status.CARRIED_OUT:
            # The activity was not held, so neither was its outcome ("○R6実施なし").
            status, reason = Status.NOT_CARRIED_OUT, reason or parent_reason

        actual = None
        exclusions: list[dict] = []
        opening = None
        if item.source == ItemSource.RULE:
            count = self.counts[item.key]
            actual = count.actual
            if count.actual and status in (Status.NOT_CARRIED_OUT, Status.NOT_REPORTED):
                # 実施なし / 実績の報告なし stand while no record counts: records win.
                status, reason = "", ""
            elif status == Status.NOT_CARRIED_OUT:
                actual = None  # nothing was held: "－", as for a row typed by hand
            exclusions = [{"name": n, "count": c} for n, c in count.exclusions]
            figure = py.openings.get(item.pk)
            if figure is not None:
                recorded = py.rules[item.pk].kind_code in self.recorded_kinds
                opening = opening_display(figure, count.actual, recorded)
            if opening is not None and opening["stands"] == figure.Stands.OPENING:
                actual, exclusions = figure.value, []
            else:
                remarks = exclusion_remark(count, item.unit, py.rules.get(item.pk)) + remarks
            if item.role == ItemRole.QUALITATIVE:
                # Carried out when the rule counts a record in the year (the evidence is the
                # drill-down); "not carried out" typed for the year still stands without one.
                if count.actual >= 1:
                    status, reason = Status.CARRIED_OUT, ""
                actual = None
        elif item.source == ItemSource.MANUAL and item.pk in py.manual:
            actual = py.manual[item.pk][0]

        if item.source == ItemSource.CARRIED_OUT or item.role == ItemRole.QUALITATIVE:
            counted, reason = self._qualitative_counted(status, reason)
        elif status == Status.NOT_CARRIED_OUT:
            counted, reason = False, reason or _("Not carried out this year")
        elif status == Status.NOT_REPORTED or actual is None:
            counted, reason = False, reason or _("No actual reported")
            actual = None if status == Status.NOT_REPORTED else actual
        elif item.role == ItemRole.OUTCOME:
            counted, reason = False, _("Outcome row: shown under its activity, not summed")
        else:
            counted, reason = True, ""

        rate = grade = None
        measurable = status not in (Status.NOT_CARRIED_OUT, Status.NOT_REPORTED)
        if measurable and target.kind in NUMERIC_TARGETS and actual is not None:
            rate = percent(actual, target.value)
            grade = self.scale.grade_for_percent(rate)

        outcomes = [self.row(o, status, reason) for o in py.outcomes.get(item.pk, [])]
        return RowResult(
            key=item.key,
            title=item.title,
            department=item.department.name if item.department_id else "",
            unit=item.unit,
            actual=actual,
            target=target.value if target.kind in NUMERIC_TARGETS else None,
            target_kind=target.kind,
            counted=counted,
            reason=reason,
            remarks=remarks,
            role=item.role,
            outcomes=outcomes,
            rate_percent=rate,
            grade=grade,
            source=item.source,
            drilldown=item.source == ItemSource.RULE,
            exclusions=exclusions,
            label=item.label,
            status=status,
            actual_display=self._display(item, status, actual),
            survey_item=item.survey_item,
            opening=opening,
        )

    @staticmethod
    def _qualitative_counted(status: str, reason: str) -> tuple[bool, str]:
        if status == Status.CARRIED_OUT:
            return True, ""
        if status == Status.NOT_CARRIED_OUT:
            return False, reason or _("Not carried out this year")
        return False, reason or _("No actual reported")

    @staticmethod
    def _display(item, status: str, actual: Decimal | None) -> str:
        if item.source == ItemSource.CARRIED_OUT or item.role == ItemRole.QUALITATIVE:
            if status == Status.CARRIED_OUT:
                return item.qualitative_label or _("Carried out")
            return _("Not carried out") if status == Status.NOT_CARRIED_OUT else "－"
        return format_number(actual)

    # --- sections -----------------------------------------------------------------------

    def section(self, section) -> SectionResult:
        py = self.py
        rows = [self.row(item) for item in py.items.get(section.pk, [])]
        subsections = [self.section(s) for s in py.subsections.get(section.pk, [])]
        summed = [r for r in rows if r.counted and r.role == ItemRole.ACTIVITY]
        actual = sum((r.actual for r in summed), Decimal(0)) if summed else None
        targets = [r.target for r in summed if r.target_kind in NUMERIC_TARGETS]
        target = sum(targets, Decimal(0)) if targets else None
        units = "/".join(dict.fromkeys(r.unit for r in summed if r.unit))

        if section.grade_basis == GradeBasis.SUBSECTIONS:
            # DOMAIN §2: graded from the subsections' grade points; the pooled rate is shown.
            pooled = [s for s in subsections if s.actual is not None]
            actual = sum((s.actual for s in pooled), Decimal(0)) if pooled else None
            with_target = [s.target for s in subsections if s.target is not None]
            target = sum(with_target, Decimal(0)) if with_target else None
            units = "/".join(dict.fromkeys(u for s in subsections for u in s.units.split("/") if u))
            rate = percent(actual, target)
            grade = composite_grade(self.scale, [s.grade for s in subsections])
        elif section.grade_basis == GradeBasis.QUALITATIVE:
            rate = percent(actual, target)
            done = sum(1 for r in rows if r.status == Status.CARRIED_OUT)
            not_done = sum(1 for r in rows if r.status == Status.NOT_CARRIED_OUT)
            grade = qualitative_grade(self.scale, done, not_done)
        else:
            rate = percent(actual, target)
            grade = self.scale.grade_for_percent(rate)

        remarks, notes = [], []
        year = py.section_years.get(section.pk)
        if year is not None:
            remarks = _lines(year.remarks)
            # An internal note for those preparing the meeting, not a remark of the report.
            notes = self._published_remark(year, actual, target, rate, grade)
        return SectionResult(
            number=section.number,
            title=section.title,
            actual=actual,
            target=target,
            percent=rate,
            grade=grade,
            grade_basis=section.grade_basis,
            subsections=subsections,
            rows=rows,
            remarks=remarks,
            key=section.key,
            units=units,
            description=self.py.plan.section_description(section.number)
            if section.parent_id is None
            else "",
            notes=notes,
        )

    @staticmethod
    def _published_remark(year, actual, target, rate, grade) -> list[str]:
        """Say so when the committee published a figure the rows do not give (§4 of FY2024)."""
        remarks = []
        published = year.published_percent
        if published is not None and rate is not None and published != rate:
            remarks.append(
                _(
                    "The published report gives %(published)s%%; the rows give %(actual)s / "
                    "%(target)s = %(percent)s%%, which is shown here."
                )
                % {
                    "published": published,
                    "actual": format_number(actual),
                    "target": format_number(target),
                    "percent": rate,
                }
            )
        if year.published_grade and grade and year.published_grade != grade:
            remarks.append(
                _("The published report gives grade %(published)s; the rows give %(grade)s.")
                % {"published": year.published_grade, "grade": grade}
            )
        return remarks


def recorded_kinds(plan_year: PlanYear, organization_id: int, fiscal_year: int) -> frozenset:
    """Kinds of the rows with an opening figure that have records in the year (one EXISTS
    per such kind; none without opening figures)."""
    kinds = {plan_year.rules[pk].kind_code: plan_year.rules[pk].kind for pk in plan_year.openings}
    return frozenset(
        code
        for code, kind in kinds.items()
        if records_of(kind, organization_id, fiscal_year).exists()
    )


def evaluate(
    plan: DevelopmentPlan,
    fiscal_year: int,
    *,
    plan_year: PlanYear | None = None,
    counts: dict[str, RuleCount] | None = None,
    recorded: frozenset | None = None,
) -> EvaluationResult:
    """The evaluation of `plan` for `fiscal_year` against the targets in force that year.

    `counts` (each rule row's count by item key) and `recorded` (the kinds with records in the
    year) come from the records unless given: the dashboard passes the counts it keeps."""
    if plan_year is None:
        plan_year = load_plan_year(plan, fiscal_year)
    if counts is None:
        items_by_pk = {item.pk: item for item in plan_year.all_items()}
        rules = {items_by_pk[pk].key: rule for pk, rule in plan_year.rules.items()}
        counts = all_rule_counts(rules, plan.organization_id, fiscal_year)
    if recorded is None:
        recorded = recorded_kinds(plan_year, plan.organization_id, fiscal_year)
    scale = grade_scale_for(plan.organization_id)
    evaluator = _Evaluator(plan_year, counts, scale, recorded)
    organization = plan.organization
    return EvaluationResult(
        organization=organization.name,
        organization_slug=organization.slug,
        plan_title=plan.title,
        fiscal_year=fiscal_year,
        fiscal_year_label=fiscal_year_label(fiscal_year),
        grade_scale=scale.to_list(),
        sections=[evaluator.section(s) for s in plan_year.sections],
        computed_at=timezone.localtime().isoformat(timespec="seconds"),
        plan_code=plan.code,
        plan_period={
            "starts_on": plan.starts_on,
            "ends_on": plan.effective_ends_on(),
            "fiscal_years": plan.fiscal_years(),
        },
        overview=dict(plan.report_texts.get("overview") or {}),
    )
