"""The lead advisor's figures for a fiscal year, as plain JSON (what the charts draw).

Section rates and grades come from the evaluation engine's `evaluate`, each row's cumulative
actual and pro-rated target from its `monthly_progress`: the dashboard never grades a row
itself. `compute` lets the engine count the records (seconds over a million records: the
reference, and the figures of the committee's tests); `from_counts` hands the engine the
counts kept on write instead (dashboard.counts): a fixed number of queries over a few thousand
rows, whatever the number of records, and the same figures (tests compare them). The pipeline
(contacts → motivation checks → analyses → plans → follow-ups) per month and staff member
comes from the kept counts too, and the follow-up groups from the kept group changes
(dashboard.groups); `compute` counts both from the records.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count

from bansou.evaluation.engine import evaluate, monthly_progress
from bansou.evaluation.engine.aggregates import RuleCount, records_of
from bansou.evaluation.engine.kinds import KINDS
from bansou.evaluation.engine.progress import month_ends, months_elapsed
from bansou.evaluation.engine.structure import load_plan_year
from bansou.evaluation.results import _plain
from bansou.followups.rules import FollowUpGroup
from bansou.lib.eras import fiscal_year_bounds

# The pipeline's stages, each the record kinds it counts (follow-ups: reports and contacts).
PIPELINE = (
    ("contacts", ("support_record",)),
    ("checks", ("motivation_check",)),
    ("analyses", ("analysis",)),
    ("plans", ("business_plan",)),
    ("follow_ups", ("follow_up_report", "follow_up_contact")),
)
GROUPS = tuple(FollowUpGroup.values)  # 1–4 (DOMAIN §3)


def _sections(evaluation) -> list[dict]:
    return [
        {
            "number": s.number,
            "title": s.title,
            "percent": s.percent,
            "grade": s.grade or "",
            "actual": s.actual,
            "target": s.target,
        }
        for s in evaluation.sections
    ]


def _rows(progress) -> list[dict]:
    return [
        {
            "key": r.key,
            "title": r.title,
            "unit": r.unit,
            "section": r.section_number,
            "department": r.department,
            "target": r.target,
            "cumulative": r.cumulative,
            "prorated": r.prorated_target,
            "kgi": r.kgi_level,
            "kpi": r.kpi_level,
            "needs_review": r.needs_review,
        }
        for r in progress.rows
    ]


def pipeline(organization_id: int, fiscal_year: int, as_of: date) -> dict:
    """Records of each stage per fiscal month (April first) and per staff member, up to
    `as_of`: one grouped query per record kind."""
    start, _end = fiscal_year_bounds(fiscal_year)
    months = {stage: [0] * 12 for stage, _kinds in PIPELINE}
    per_staff: dict[int, dict[str, int]] = defaultdict(lambda: {s: 0 for s, _k in PIPELINE})
    for stage, codes in PIPELINE:
        for code in codes:
            kind = KINDS[code]
            # Per staff and day (≤ 366 groups each), folded into months here: grouping on the
            # date column itself needs no per-row date function (SQLite's are Python calls).
            # records_of: a merged chamber's records dated before the merger stay its own,
            # as in the evaluation.
            rows = (
                records_of(kind, organization_id, fiscal_year)
                .filter(**{f"{kind.date_field}__lte": as_of})
                .values("staff_id", kind.date_field)
                .annotate(n=Count("pk"))
                .order_by()
            )
            for row in rows:
                day = row[kind.date_field]
                index = (day.year - start.year) * 12 + day.month - start.month
                if 0 <= index < 12:
                    months[stage][index] += row["n"]
                per_staff[row["staff_id"]][stage] += row["n"]
    return {"months": months, "staff": _staff(per_staff)}


def _staff(per_staff: dict) -> list[dict]:
    names = dict(
        (user.pk, str(user))
        for user in get_user_model()
        .objects.filter(pk__in=[pk for pk in per_staff if pk is not None])
        .only("pk", "display_name", "first_name", "last_name", "username")
    )
    return sorted(
        ({"name": names.get(pk, ""), **counts} for pk, counts in per_staff.items()),
        key=lambda one: (-sum(one[s] for s, _k in PIPELINE), one["name"]),
    )


def groups_over_time(organization_id: int, fiscal_year: int, as_of: date) -> dict:
    """Plans in each follow-up group (DOMAIN §3) at the end of each elapsed month: the group
    of each plan's latest report by then. One query (reports are a small share of records)."""
    Report = KINDS["follow_up_report"].model
    ends = month_ends(fiscal_year)
    elapsed = months_elapsed(fiscal_year, as_of)
    last = min(ends[elapsed - 1], as_of) if elapsed else None
    counts = {group: [None] * 12 for group in GROUPS}
    if last is None:
        return {str(g): v for g, v in counts.items()}
    reports = (
        Report._default_manager.filter(organization_id=organization_id, reported_on__lte=last)
        .order_by("reported_on", "pk")
        .values_list("plan_id", "reported_on", "group")
    )
    current: dict[int, int] = {}
    month = 0
    for group in GROUPS:
        counts[group][:elapsed] = [0] * elapsed

    def close_months_before(day: date | None) -> None:
        nonlocal month
        while month < elapsed and (day is None or day > ends[month]):
            for plan_group in current.values():
                counts[plan_group][month] += 1
            month += 1

    for plan_id, reported_on, group in reports.iterator(chunk_size=5000):
        close_months_before(reported_on)
        current[plan_id] = group
    close_months_before(None)
    return {str(g): v for g, v in counts.items()}


def compute(plan, fiscal_year: int, as_of: date) -> dict:
    """Everything the dashboard draws, JSON-serialisable (Decimals as numbers), counted by the
    engine from the records (the reference the kept counts are compared with)."""
    evaluation = evaluate(plan, fiscal_year)
    progress = monthly_progress(plan, fiscal_year, as_of)
    flow = pipeline(plan.organization_id, fiscal_year, as_of)
    groups = groups_over_time(plan.organization_id, fiscal_year, as_of)
    return _payload(plan, fiscal_year, as_of, evaluation, progress, flow, groups)


def _payload(plan, fiscal_year, as_of, evaluation, progress, flow, groups) -> dict:
    return _plain(
        {
            "fiscal_year": fiscal_year,
            "fiscal_year_label": evaluation.fiscal_year_label,
            "plan_title": plan.title,
            "as_of": as_of,
            "months": progress.months,
            "months_elapsed": progress.months_elapsed,
            "sections": _sections(evaluation),
            "rows": _rows(progress),
            "pipeline": flow,
            "groups": groups,
        }
    )


# --- from the kept counts -------------------------------------------------------------------


def pipeline_kinds() -> list[str]:
    return [code for _stage, codes in PIPELINE for code in codes if KINDS[code].is_available()]


def _kept_pipeline(kept) -> dict:
    from .models import ALL_RECORDS

    months = {stage: [0] * 12 for stage, _kinds in PIPELINE}
    per_staff: dict = defaultdict(lambda: {s: 0 for s, _k in PIPELINE})
    for stage, codes in PIPELINE:
        for code in codes:
            for month, (_total, upto) in kept.months.get((code, ALL_RECORDS), {}).items():
                if 0 <= month < 12:
                    months[stage][month] += int(upto)
            for staff_id, n in kept.staff.get(code, {}).items():
                per_staff[staff_id][stage] += n
    return {"months": months, "staff": _staff(per_staff)}


def from_counts(plan, fiscal_year: int, as_of: date) -> dict:
    """`compute`'s figures from the kept counts (dashboard.counts): the engine grades them."""
    from . import counts
    from . import groups as kept_groups
    from .models import ALL_RECORDS

    plan_year = load_plan_year(plan, fiscal_year)
    keys = {item.pk: item.key for item in plan_year.all_items()}
    counts.ensure(plan.organization_id, fiscal_year, plan_year.rules.values(), pipeline_kinds())
    kept = counts.read(plan.organization_id, fiscal_year, as_of)
    elapsed = months_elapsed(fiscal_year, as_of)
    rule_counts, cumulative = {}, {}
    for pk, rule in plan_year.rules.items():
        by_month = kept.months.get((rule.kind_code, counts.signature(rule)), {})
        actual = sum((total for total, _upto in by_month.values()), Decimal(0))
        rule_counts[keys[pk]] = RuleCount(actual=actual, before_exclusions=actual, exclusions=())
        running, months = Decimal(0), []
        for m in range(12):
            if m >= elapsed:
                months.append(None)
                continue
            for month in (-1, m) if m == 0 else (m,):
                running += by_month.get(month, (0, Decimal(0)))[1]
            months.append(running)
        cumulative[keys[pk]] = months
    recorded = frozenset(
        code
        for code in {plan_year.rules[pk].kind_code for pk in plan_year.openings}
        if any(total for total, _upto in kept.months.get((code, ALL_RECORDS), {}).values())
    )
    evaluation = evaluate(
        plan, fiscal_year, plan_year=plan_year, counts=rule_counts, recorded=recorded
    )
    progress = monthly_progress(
        plan, fiscal_year, as_of, plan_year=plan_year, cumulative=cumulative
    )
    kept_groups.ensure(plan.organization_id)
    groups = kept_groups.read(plan.organization_id, fiscal_year, as_of)
    return _payload(plan, fiscal_year, as_of, evaluation, progress, _kept_pipeline(kept), groups)
