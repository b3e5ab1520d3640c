"""The monthly progress table the lead advisor brings to the coordinator meeting (plan §9).

For each row with a number: the cumulative actual at the end of each month from April to the
month of `as_of`, the annual target pro-rated by month (target × m / 12), and two five-level
indicators:

KGI — the year's achievement, cumulative actual ÷ annual target, on the report's bands:
    5: ≥ 100 %   4: ≥ 80 %   3: ≥ 50 %   2: ≥ 30 %   1: below 30 %
KPI — whether the process is on schedule, cumulative actual ÷ target pro-rated to the month of
`as_of` (the month counts as elapsed: the table is read at the monthly meeting):
    5: ≥ 100 %   4: ≥ 90 %   3: ≥ 75 %   2: ≥ 50 %   1: below 50 %

A row whose KGI is 3 or less needs review (plan §9: "５段階評価のうち、３以下の場合 … 見直し"),
unless it is on schedule: a row at or above its pro-rated target is never flagged.
Rows without a number target, and rows not carried out, get no level. The KGI bands are the
report's A–E cut-offs (100/80/50/30) whatever grade scale the chamber uses for the committee,
because the plan defines the five levels itself; the KPI bands are tighter, since a process
falling a quarter behind schedule is already worth a conversation.

Queries: one or two per record kind (per-day counts folded into months; first qualifying day
per business for distinct counts), one for manual entries — none per row or per month.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db import connections, router
from django.db.models import Min, Sum

from bansou.lib.eras import fiscal_month_index, fiscal_year_bounds, fiscal_year_label

from ..models import (
    NUMERIC_TARGETS,
    DevelopmentPlan,
    ItemRole,
    ItemSource,
    ItemYear,
    ManualActual,
)
from ..results import ProgressRow, ProgressTable
from .aggregates import aggregate_expression, counted_q, records_of
from .rules import COUNT_DISTINCT, NamedIds, Rule
from .structure import NO_TARGET, load_plan_year

KGI_BANDS = ((5, Decimal(100)), (4, Decimal(80)), (3, Decimal(50)), (2, Decimal(30)))
KPI_BANDS = ((5, Decimal(100)), (4, Decimal(90)), (3, Decimal(75)), (2, Decimal(50)))
REVIEW_AT_OR_BELOW = 3


def level(ratio_percent: Decimal | None, bands) -> int | None:
    if ratio_percent is None:
        return None
    for value, minimum in bands:
        if ratio_percent >= minimum:
            return value
    return 1


def needs_review(kgi: int | None, actual: Decimal | None, prorated: Decimal | None) -> bool:
    """Plan §9: a row whose level is 3 or less is reviewed — unless it is on schedule.

    A row at or above its target pro-rated to the month is never 要見直し, whatever its year's
    achievement so far (in September half the year's target is on schedule, KGI 3)."""
    if kgi is None or kgi > REVIEW_AT_OR_BELOW:
        return False
    return not (actual is not None and prorated is not None and actual >= prorated)


def _ratio(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    if actual is None or target is None or target <= 0:
        return None
    return actual * 100 / target


def _tenth(value: Decimal | None) -> Decimal | None:
    return value.quantize(Decimal("0.1")) if value is not None else None


def month_ends(fiscal_year: int) -> list[date]:
    start, _end = fiscal_year_bounds(fiscal_year)
    ends = []
    for m in range(12):
        year, month = start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1
        following = date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
    return ends


def months_elapsed(fiscal_year: int, as_of: date) -> int:
    start, end = fiscal_year_bounds(fiscal_year)
    if as_of < start:
        return 0
    if as_of > end:
        return 12
    return fiscal_month_index(as_of)


def _fold_days(per_day: dict[date, Decimal], elapsed: int, ends: list[date]) -> list:
    cumulative, total, days = [], Decimal(0), sorted(per_day)
    position = 0
    for m in range(12):
        if m >= elapsed:
            cumulative.append(None)
            continue
        while position < len(days) and days[position] <= ends[m]:
            total += per_day[days[position]]
            position += 1
        cumulative.append(total)
    return cumulative


def _monthly_records(kind, rules: dict[str, Rule], org_id, fy, as_of, elapsed, ends, names):
    """Per-day conditional counts/sums (≤ 366 groups), folded into cumulative months."""
    if not rules:
        return {}
    aliases = {key: f"r{i}" for i, key in enumerate(rules)}
    rows = (
        records_of(kind, org_id, fy)
        .filter(**{f"{kind.date_field}__lte": as_of})
        .values(kind.date_field)
        .annotate(
            **{aliases[k]: aggregate_expression(r, counted_q(r, names)) for k, r in rules.items()}
        )
        .order_by()
    )
    per_day: dict[str, dict[date, Decimal]] = {key: {} for key in rules}
    for row in rows:
        day = row[kind.date_field]
        for key, alias in aliases.items():
            per_day[key][day] = Decimal(row[alias] or 0)
    return {key: _fold_days(per_day[key], elapsed, ends) for key in rules}


def _monthly_distinct(kind, rules: dict[str, Rule], org_id, fy, as_of, elapsed, ends, names):
    """Businesses by the first day they qualify, counted cumulatively month by month.

    The inner query groups by business (MIN(day) FILTER (WHERE rule)); the outer one counts,
    for every month, the businesses whose first day falls on or before its end.
    """
    if not rules:
        return {}
    aliases = {key: f"f{i}" for i, key in enumerate(rules)}
    inner = (
        records_of(kind, org_id, fy)
        .filter(**{f"{kind.date_field}__lte": as_of})
        .values(kind.business_field)
        .annotate(
            **{
                aliases[k]: Min(kind.date_field, filter=counted_q(r, names) or None)
                for k, r in rules.items()
            }
        )
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    connection = connections[router.db_for_read(kind.model)]
    quote = connection.ops.quote_name
    columns, outer_params = [], []
    for key in rules:
        column = quote(aliases[key])
        for m in range(elapsed):
            columns.append(f"COUNT(CASE WHEN {column} <= %s THEN 1 END)")
            outer_params.append(connection.ops.adapt_datefield_value(ends[m]))
    if not columns:
        return {key: [None] * 12 for key in rules}
    query = f"SELECT {', '.join(columns)} FROM ({sql}) AS firsts"
    with connection.cursor() as cursor:
        cursor.execute(query, [*outer_params, *params])
        values = cursor.fetchone()
    result, position = {}, 0
    for key in rules:
        months = [Decimal(values[position + m]) for m in range(elapsed)]
        result[key] = months + [None] * (12 - elapsed)
        position += elapsed
    return result


def _monthly_manual(plan, fy, as_of, elapsed, ends) -> dict[int, list]:
    rows = (
        ManualActual.objects.filter(item__plan=plan, fiscal_year=fy, recorded_on__lte=as_of)
        .values("item_id", "recorded_on")
        .annotate(total=Sum("value"))
        .order_by()
    )
    per_day: dict[int, dict[date, Decimal]] = defaultdict(dict)
    for row in rows:
        per_day[row["item_id"]][row["recorded_on"]] = row["total"]
    return {item_id: _fold_days(days, elapsed, ends) for item_id, days in per_day.items()}


def _rule_months(plan, plan_year, fiscal_year, as_of, elapsed, ends) -> dict[str, list]:
    keys = {item.pk: item.key for item in plan_year.all_items()}
    by_kind: dict[str, dict[str, dict[str, Rule]]] = {}
    kinds = {}
    for pk, rule in plan_year.rules.items():
        key = keys[pk]
        bucket = "distinct" if rule.count == COUNT_DISTINCT else "records"
        by_kind.setdefault(rule.kind_code, {"distinct": {}, "records": {}})[bucket][key] = rule
        kinds[rule.kind_code] = rule.kind
    names = NamedIds(plan.organization_id)
    names.prepare(plan_year.rules.values())
    cumulative: dict[str, list] = {}
    for code, buckets in by_kind.items():
        args = (plan.organization_id, fiscal_year, as_of, elapsed, ends, names)
        cumulative |= _monthly_records(kinds[code], buckets["records"], *args)
        cumulative |= _monthly_distinct(kinds[code], buckets["distinct"], *args)
    return cumulative


def monthly_progress(
    plan: DevelopmentPlan,
    fiscal_year: int,
    as_of: date,
    *,
    plan_year=None,
    cumulative: dict[str, list] | None = None,
) -> ProgressTable:
    """The table; `cumulative` (each rule row's cumulative actual per month, by item key)
    comes from the records unless given: the dashboard passes the counts it keeps."""
    if plan_year is None:
        plan_year = load_plan_year(plan, fiscal_year)
    ends = month_ends(fiscal_year)
    elapsed = months_elapsed(fiscal_year, as_of)
    if cumulative is None:
        cumulative = _rule_months(plan, plan_year, fiscal_year, as_of, elapsed, ends)
    manual = _monthly_manual(plan, fiscal_year, as_of, elapsed, ends)

    section_number = {}
    for section in plan_year.sections:
        section_number[section.pk] = section.number
        for sub in plan_year.subsections.get(section.pk, []):
            section_number[sub.pk] = section.number

    rows = []
    for item in _in_table_order(plan_year):
        if item.source == ItemSource.CARRIED_OUT or item.role == ItemRole.QUALITATIVE:
            continue
        target = plan_year.targets.get(item.pk, NO_TARGET)
        if item.source == ItemSource.RULE:
            months = cumulative[item.key]
        else:
            zero = [Decimal(0)] * elapsed + [None] * (12 - elapsed)
            months = manual.get(item.pk, zero)
        number = target.value if target.kind in NUMERIC_TARGETS else None
        prorated = [number * (m + 1) / 12 if number is not None else None for m in range(12)]
        year = plan_year.years.get(item.pk)
        parent_year = plan_year.years.get(item.parent_id) if item.parent_id else None
        skipped = any(
            y is not None and y.status == ItemYear.Status.NOT_CARRIED_OUT
            for y in (year, parent_year)
        )
        now = months[elapsed - 1] if elapsed else Decimal(0)
        kgi = kpi = None
        if not skipped and number is not None:
            kgi = level(_ratio(now, number), KGI_BANDS)
            kpi = level(_ratio(now, prorated[elapsed - 1]), KPI_BANDS) if elapsed else None
        rows.append(
            ProgressRow(
                key=item.key,
                title=item.title,
                department=item.department.name if item.department_id else "",
                unit=item.unit,
                section_number=section_number[item.section_id],
                target=number,
                target_kind=target.kind,
                cumulative=months,
                prorated_target=[_tenth(p) for p in prorated],
                kgi_level=kgi,
                kpi_level=kpi,
                needs_review=needs_review(
                    kgi, now, prorated[elapsed - 1] if elapsed and number is not None else None
                ),
                role=item.role,
                source=item.source,
            )
        )
    return ProgressTable(
        organization=plan.organization.name,
        plan_title=plan.title,
        fiscal_year=fiscal_year,
        fiscal_year_label=fiscal_year_label(fiscal_year),
        as_of=as_of,
        months=[f"{d.year}-{d.month:02d}" for d in ends],
        months_elapsed=elapsed,
        rows=rows,
        level_bands={
            "kgi": [{"level": lv, "min_percent": p} for lv, p in KGI_BANDS] + [{"level": 1}],
            "kpi": [{"level": lv, "min_percent": p} for lv, p in KPI_BANDS] + [{"level": 1}],
        },
    )


def _in_table_order(plan_year):
    for section in plan_year.sections:
        for part in [section, *plan_year.subsections.get(section.pk, [])]:
            for item in plan_year.items.get(part.pk, []):
                yield item
                yield from plan_year.outcomes.get(item.pk, [])
