"""Operations of the evaluation app; each runs in one transaction and writes its audit entry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.lib.eras import fiscal_year as fiscal_year_of
from bansou.lib.eras import fiscal_year_label, format_wareki
from bansou.lib.tabular import render_csv

from .definition.apply import apply_plan
from .definition.export import plan_data, plan_yaml
from .definition.source import SourceError, load_yaml
from .definition.table import plan_table
from .definition.validate import DefinitionError, validate
from .definition.workbook import describe_line, read_workbook, render_workbook
from .engine.grading import GradeScale, GradeScaleError
from .engine.structure import check_fiscal_year
from .models import (
    DevelopmentPlan,
    EvaluationSettings,
    ItemSource,
    ItemYear,
    ManualActual,
    PlanItem,
)
from .publication import require_change_reason


class PlanFileError(DomainError):
    """A plan file that cannot be imported; `messages` lists every problem with its line."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages), code="invalid_plan_file")
        self.messages = messages


def _problems(error: DefinitionError, describe) -> list[str]:
    return [
        _("%(where)s: %(message)s") % {"where": describe(line), "message": message}
        if line
        else message
        for line, message in error.problems
    ]


def _yaml_line(line: int) -> str:
    return _("line %(line)s") % {"line": line}


def _sheet_line(line: int) -> str:
    return _("sheet row %(cell)s") % {"cell": describe_line(line)}


def read_definition(content: bytes | str, *, file_format: str):
    """Parse and validate a plan file (yaml or xlsx) into a PlanSpec; writes nothing."""
    describe = _yaml_line if file_format == "yaml" else _sheet_line
    try:
        if file_format == "yaml":
            text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
            data = load_yaml(text)
        else:
            data = read_workbook(content)
        return validate(data)
    except UnicodeDecodeError:
        raise PlanFileError([_("The file is not UTF-8 text.")]) from None
    except SourceError as exc:
        where = describe(exc.line) if exc.line else ""
        raise PlanFileError([f"{where}: {exc.message}" if where else exc.message]) from None
    except DefinitionError as exc:
        raise PlanFileError(_problems(exc, describe)) from None


@transaction.atomic
def import_definition(organization, content: bytes | str, *, file_format: str = "yaml", actor=None):
    """Create or update (by plan code) the plan a file defines; nothing is written on error."""
    spec = read_definition(content, file_format=file_format)
    try:
        return save_definition(organization, spec, file_format=file_format, actor=actor)
    except DefinitionError as exc:
        raise PlanFileError(_problems(exc, _yaml_line)) from None


@transaction.atomic
def save_definition(organization, spec, *, file_format: str, actor=None) -> DevelopmentPlan:
    """Write a validated plan (PlanSpec): a plan whose code exists is updated in place.

    Raises DefinitionError when the file would remove a row that has entries for a year.
    The plan files and the table import (bansou import plan_definitions) both end here.
    """
    existed = DevelopmentPlan.objects.filter(organization=organization, code=spec.code).exists()
    plan = apply_plan(organization, spec)
    action = "evaluation.plan.updated" if existed else "evaluation.plan.imported"
    log_action(plan, action, actor, {"file_format": {"label": _("file format"), "old": None,
                                                      "new": file_format}})  # fmt: skip
    return plan


def export_definition(plan: DevelopmentPlan, file_format: str = "yaml") -> bytes:
    """The plan as YAML, as the Excel workbook (xlsx) or as the flat table (csv)."""
    if file_format == "yaml":
        return plan_yaml(plan).encode("utf-8")
    if file_format == "csv":
        return render_csv(*plan_table(plan_data(plan)))
    return render_workbook(plan_data(plan))


# --- the year's inputs --------------------------------------------------------------------


def check_entry(item: PlanItem, fiscal_year: int, recorded_on: date) -> None:
    """The rules of a hand-counted actual; DomainError codes fiscal_year_outside_plan,
    not_manual and date_outside_year name what is wrong (the import maps them to columns).

    item.plan is read (with its amendments): load it once for many entries.
    """
    check_fiscal_year(item.plan, fiscal_year)
    if item.source != ItemSource.MANUAL:
        raise DomainError(
            _("%(title)s is not entered by hand.") % {"title": item.title}, code="not_manual"
        )
    if fiscal_year_of(recorded_on) != fiscal_year:
        raise DomainError(
            _("%(date)s is not in %(year)s.")
            % {"date": format_wareki(recorded_on), "year": fiscal_year_label(fiscal_year)},
            code="date_outside_year",
        )


MANUAL_FIELDS = ("fiscal_year", "recorded_on", "value", "evidence")


def _with_reason(changes: dict, change_reason: str) -> dict:
    """The audit entry of a change to a published year carries the reason given for it."""
    if change_reason.strip():
        changes = {
            **changes,
            "change_reason": {
                "label": str(_("Reason for changing a published year")),
                "old": None,
                "new": change_reason.strip(),
            },
        }
    return changes


@transaction.atomic
def record_manual_actual(
    item: PlanItem,
    *,
    fiscal_year: int,
    recorded_on: date,
    value: Decimal,
    evidence: str,
    actor,
    change_reason: str = "",
) -> ManualActual:
    check_entry(item, fiscal_year, recorded_on)
    require_change_reason(item.plan, fiscal_year, change_reason)
    entry = ManualActual.objects.create(
        organization_id=item.organization_id,
        item=item,
        fiscal_year=fiscal_year,
        recorded_on=recorded_on,
        value=value,
        evidence=evidence,
        entered_by=actor,
    )
    changes = diff(entry, {}, snapshot(entry, MANUAL_FIELDS))
    log_action(
        entry, "evaluation.manual_actual.created", actor, _with_reason(changes, change_reason)
    )
    return entry


@transaction.atomic
def update_manual_actual(
    entry: ManualActual,
    *,
    recorded_on,
    value,
    evidence,
    actor,
    change_reason: str = "",
    lock_version: int | None = None,
):
    """Correct an entry; `lock_version` is the version the user's page showed (versioning.py)."""
    if lock_version is not None:
        entry.lock_version = lock_version
    before = snapshot(entry, MANUAL_FIELDS)
    check_entry(entry.item, entry.fiscal_year, recorded_on)
    entry.recorded_on, entry.value, entry.evidence = recorded_on, value, evidence
    changes = diff(entry, before, snapshot(entry, MANUAL_FIELDS))
    if changes:
        require_change_reason(entry.item.plan, entry.fiscal_year, change_reason)
        entry.save()
        log_action(entry, "evaluation.manual_actual.updated", actor,
                   _with_reason(changes, change_reason))  # fmt: skip
    return entry


@transaction.atomic
def delete_manual_actual(entry: ManualActual, *, actor, change_reason: str = "") -> None:
    require_change_reason(entry.item.plan, entry.fiscal_year, change_reason)
    changes = diff(entry, snapshot(entry, MANUAL_FIELDS), {})
    log_action(entry, "evaluation.manual_actual.deleted", actor,
               _with_reason(changes, change_reason))  # fmt: skip
    entry.delete()


YEAR_FIELDS = ("status", "reason", "remarks")


@transaction.atomic
def set_item_year(item: PlanItem, fiscal_year: int, *, status: str, reason: str, remarks: str,
                  actor, change_reason: str = "", lock_version: int | None = None,
                  ) -> ItemYear:  # fmt: skip
    """Record for a year whether the row was carried out (with the reason) and its remarks."""
    check_fiscal_year(item.plan, fiscal_year)
    if status == ItemYear.Status.NOT_CARRIED_OUT and not reason.strip():
        raise DomainError(_("Give the reason why it was not carried out."), code="reason")
    if item.source == ItemSource.CARRIED_OUT and status == ItemYear.Status.NOT_REPORTED:
        status = ""
    year, created = ItemYear.objects.get_or_create(
        organization_id=item.organization_id, item=item, fiscal_year=fiscal_year
    )
    if lock_version is not None and not created:
        year.lock_version = lock_version  # the version the user's page showed
    before = snapshot(year, YEAR_FIELDS)
    year.status, year.reason, year.remarks, year.updated_by = status, reason, remarks, actor
    year.save()
    changes = diff(year, before, snapshot(year, YEAR_FIELDS))
    if changes:
        require_change_reason(item.plan, fiscal_year, change_reason)
        log_action(
            year, "evaluation.item_year.updated", actor, _with_reason(changes, change_reason)
        )
    return year


@transaction.atomic
def set_grade_scale(organization, bands: list[dict], *, actor) -> EvaluationSettings:
    try:
        scale = GradeScale.from_bands(bands)
    except GradeScaleError as exc:
        raise DomainError(str(exc), code="grade_scale") from None
    settings, _created = EvaluationSettings.objects.get_or_create(organization=organization)
    before = settings.grade_bands
    settings.grade_bands = scale.to_json()
    settings.save()
    log_action(settings, "evaluation.grade_scale.updated", actor,
               {"grade_bands": {"label": "grade bands", "old": before,
                                "new": settings.grade_bands}})  # fmt: skip
    return settings
