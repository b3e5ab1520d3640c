"""Writing a validated plan: created, or updated in place by its code (rows kept by key)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from bansou.organizations.models import Department

from ..models import (
    DevelopmentPlan,
    EvaluationSettings,
    ItemYear,
    ManualActual,
    PlanAmendment,
    PlanItem,
    PlanItemTarget,
    PlanSection,
)
from .spec import PlanSpec, RowSpec, SectionSpec
from .validate import DefinitionError


@transaction.atomic
def apply_plan(organization, spec: PlanSpec) -> DevelopmentPlan:
    plan = (
        DevelopmentPlan.objects.select_for_update()
        .filter(organization=organization, code=spec.code)
        .first()
    )
    if plan is None:
        plan = DevelopmentPlan(organization=organization, code=spec.code)
    plan.title, plan.starts_on, plan.ends_on = spec.title, spec.starts_on, spec.ends_on
    plan.summary = spec.summary
    plan.report_texts = spec.report
    plan.save()
    refuse_removing_rows_with_actuals(plan, spec)
    departments = _departments(organization, spec)

    sections = {s.key: s for s in PlanSection.objects.filter(plan=plan)}
    items = {i.key: i for i in PlanItem.objects.filter(plan=plan)}
    kept_sections, kept_items = set(), set()
    for top in spec.sections:
        parent = _save_section(plan, top, None, sections)
        kept_sections.add(top.key)
        for sub in top.subsections:
            section = _save_section(plan, sub, parent, sections)
            kept_sections.add(sub.key)
            _save_rows(plan, section, sub.rows, items, departments, kept_items)
        _save_rows(plan, parent, top.rows, items, departments, kept_items)
    PlanItem.objects.filter(plan=plan, parent__isnull=False).exclude(key__in=kept_items).delete()
    PlanItem.objects.filter(plan=plan).exclude(key__in=kept_items).delete()
    PlanSection.objects.filter(plan=plan, parent__isnull=False).exclude(
        key__in=kept_sections
    ).delete()
    PlanSection.objects.filter(plan=plan).exclude(key__in=kept_sections).delete()

    _save_targets(plan, spec)
    if spec.grade_scale is not None:
        EvaluationSettings.objects.update_or_create(
            organization=organization, defaults={"grade_bands": spec.grade_scale}
        )
    return plan


def refuse_removing_rows_with_actuals(plan: DevelopmentPlan, spec: PlanSpec) -> None:
    """A row that already has entries for a year may not disappear with them."""
    keys = {row.key for row in spec.all_rows()}
    used = set(
        ManualActual.objects.filter(item__plan=plan).exclude(item__key__in=keys)
        .values_list("item__key", flat=True)
    ) | set(
        ItemYear.objects.filter(item__plan=plan).exclude(item__key__in=keys)
        .values_list("item__key", flat=True)
    )  # fmt: skip
    if used:
        raise DefinitionError(
            [
                (
                    0,
                    _("row %(key)s has entries for a fiscal year and cannot be removed.")
                    % {"key": key},
                )  # fmt: skip
                for key in sorted(used)
            ]
        )


def _departments(organization, spec: PlanSpec) -> dict[str, Department]:
    names = {row.department for row in spec.all_rows() if row.department}
    existing = {d.name: d for d in Department.objects.filter(organization=organization)}
    for name in sorted(names - set(existing)):
        existing[name] = Department.objects.create(
            organization=organization, name=name, sort_order=len(existing)
        )
    return existing


def _save_section(plan, spec: SectionSpec, parent, sections) -> PlanSection:
    section = sections.get(spec.key) or PlanSection(
        organization=plan.organization, plan=plan, key=spec.key
    )
    section.parent = parent
    section.number, section.title = spec.number, spec.title
    section.grade_basis, section.note = spec.grade_basis, spec.note
    section.save()
    return section


def _save_rows(plan, section, rows: list[RowSpec], items, departments, kept) -> None:
    for order, row in enumerate(rows, start=1):
        item = _save_item(plan, section, None, row, order * 10, items, departments)
        kept.add(row.key)
        for position, outcome in enumerate(row.outcomes, start=1):
            _save_item(plan, section, item, outcome, order * 10 + position, items, departments)
            kept.add(outcome.key)


def _save_item(plan, section, parent, row: RowSpec, order, items, departments) -> PlanItem:
    item = items.get(row.key) or PlanItem(organization=plan.organization, plan=plan, key=row.key)
    item.section, item.parent, item.order = section, parent, order
    item.label, item.title = row.label, row.title
    item.department = departments.get(row.department) if row.department else None
    item.unit, item.baseline, item.publication = row.unit, row.baseline, row.publication
    item.role, item.source, item.rule = row.role, row.source, row.rule
    item.survey_item, item.qualitative_label, item.note = (
        row.survey_item,
        row.qualitative_label,
        row.note,
    )
    item.save()
    items[row.key] = item
    return item


def _save_targets(plan: DevelopmentPlan, spec: PlanSpec) -> None:
    PlanAmendment.objects.filter(plan=plan).delete()  # their targets go with them
    PlanItemTarget.objects.filter(item__plan=plan).delete()
    items = {i.key: i for i in PlanItem.objects.filter(plan=plan)}
    targets = [
        PlanItemTarget(
            organization=plan.organization,
            item=items[row.key],
            fiscal_year=year,
            kind=target.kind,
            value=target.value,
        )
        for row in spec.all_rows()
        for year, target in row.targets.items()
    ]
    for amendment_spec in spec.amendments:
        amendment = PlanAmendment.objects.create(
            organization=plan.organization,
            plan=plan,
            amended_on=amendment_spec.amended_on,
            reason=amendment_spec.reason,
            changes=amendment_spec.changes,
            ends_on=amendment_spec.ends_on,
        )
        for row_key, by_year in amendment_spec.targets.items():
            for year, target in by_year.items():
                targets.append(
                    PlanItemTarget(
                        organization=plan.organization,
                        item=items[row_key],
                        fiscal_year=year,
                        kind=target.kind,
                        value=target.value,
                        amendment=amendment,
                    )
                )
    PlanItemTarget.objects.bulk_create(targets)
