"""A stored plan as plan-file data (the inverse of validate + apply), and as YAML text."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import yaml

from ..engine.grading import GradeScale
from ..engine.structure import grade_scale_for
from ..models import (
    DevelopmentPlan,
    GradeBasis,
    ItemRole,
    ItemSource,
    PlanItem,
    PlanItemTarget,
    PlanSection,
    TargetKind,
)
from .spec import FORMAT
from .validate import AT_LEAST_WORD

TARGET_WORDS = {TargetKind.AS_NEEDED: "随時", TargetKind.NONE: "-"}


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _target(target: PlanItemTarget):
    if target.kind == TargetKind.NUMBER:
        return _number(target.value)
    if target.kind == TargetKind.AT_LEAST:
        return f"{_number(target.value)}{AT_LEAST_WORD}"
    return TARGET_WORDS[target.kind]


def plan_data(plan: DevelopmentPlan) -> dict:
    targets: dict[int, dict[int, object]] = defaultdict(dict)
    amended: dict[int, dict[int, dict[int, object]]] = defaultdict(lambda: defaultdict(dict))
    for target in PlanItemTarget.objects.filter(item__plan=plan).order_by("fiscal_year"):
        if target.amendment_id:
            amended[target.amendment_id][target.item_id][target.fiscal_year] = _target(target)
        else:
            targets[target.item_id][target.fiscal_year] = _target(target)
    items = list(PlanItem.objects.filter(plan=plan).select_related("department").order_by("order"))
    key_of = {item.pk: item.key for item in items}
    rows_of: dict[int, list[PlanItem]] = defaultdict(list)
    outcomes_of: dict[int, list[PlanItem]] = defaultdict(list)
    for item in items:
        (outcomes_of[item.parent_id] if item.parent_id else rows_of[item.section_id]).append(item)

    def row(item: PlanItem) -> dict:
        data: dict = {"key": item.key}
        if item.label:
            data["label"] = item.label
        data["title"] = item.title
        for name in ("unit", "baseline", "publication"):
            if getattr(item, name):
                data[name] = getattr(item, name)
        if item.department_id:
            data["department"] = item.department.name
        if item.role != (ItemRole.OUTCOME if item.parent_id else ItemRole.ACTIVITY):
            data["role"] = item.role
        if item.source == ItemSource.RULE:
            data["rule"] = item.rule
        elif item.source != ItemSource.CARRIED_OUT or item.role != ItemRole.QUALITATIVE:
            data["source"] = item.source
        for name in ("qualitative_label", "survey_item", "note"):
            if getattr(item, name):
                data[name] = getattr(item, name)
        if targets.get(item.pk):
            data["targets"] = dict(targets[item.pk])
        if outcomes_of.get(item.pk):
            data["outcomes"] = [row(o) for o in outcomes_of[item.pk]]
        return data

    sections = list(PlanSection.objects.filter(plan=plan).order_by("number", "pk"))
    subs_of: dict[int, list[PlanSection]] = defaultdict(list)
    for section in sections:
        if section.parent_id:
            subs_of[section.parent_id].append(section)

    def section_data(section: PlanSection) -> dict:
        data: dict = {"number": section.number, "key": section.key, "title": section.title}
        if section.grade_basis != GradeBasis.RATE:
            data["grade_basis"] = section.grade_basis
        if section.note:
            data["note"] = section.note
        if subs_of.get(section.pk):
            data["subsections"] = [section_data(s) for s in subs_of[section.pk]]
        else:
            data["rows"] = [row(i) for i in rows_of.get(section.pk, [])]
        return data

    plan_part: dict = {
        "code": plan.code,
        "title": plan.title,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
    }
    if plan.summary:
        plan_part["summary"] = plan.summary
    data: dict = {
        "format": FORMAT,
        "organization": plan.organization.slug,
        "plan": plan_part,
        "grade_scale": _scale_data(grade_scale_for(plan.organization_id)),
    }
    if plan.report_texts:
        report = dict(plan.report_texts)
        if "section_descriptions" in report:
            report["section_descriptions"] = {
                int(k): v for k, v in report["section_descriptions"].items()
            }
        data["report"] = report
    amendments = []
    for amendment in plan.amendments.order_by("amended_on", "pk"):
        entry: dict = {
            "amended_on": amendment.amended_on,
            "reason": amendment.reason,
            "changes": amendment.changes,
        }
        if amendment.ends_on:
            entry["ends_on"] = amendment.ends_on
        if amended.get(amendment.pk):
            entry["targets"] = {key_of[i]: dict(t) for i, t in amended[amendment.pk].items()}
        amendments.append(entry)
    if amendments:
        data["amendments"] = amendments
    data["sections"] = [section_data(s) for s in sections if s.parent_id is None]
    return data


def _scale_data(scale: GradeScale) -> list[dict]:
    return [
        {"grade": b.grade, "min_percent": _number(b.min_percent), "points": b.points}
        for b in scale.bands
    ]


def plan_yaml(plan: DevelopmentPlan) -> str:
    header = "# 経営発達支援計画 — bansou plan definition (see bansou/evaluation/plans/README.md)\n"
    body = yaml.safe_dump(
        plan_data(plan), allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
    )
    return header + body
