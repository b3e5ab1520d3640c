"""The dashboard's counts, kept current on every write so that the page never counts records.

Evaluating a year over a million records takes seconds (one aggregate over every record of
each kind); the dashboard instead reads counts kept per day, a few thousand rows per chamber
and year whatever the number of records:

- `CountedSeries` lists what is kept for a chamber's fiscal year and record kind: series ""
  (every record of the kind: the pipeline's stages, per staff member) and one series per
  counting rule of the year's plan, named by the rule's signature (a hash of its definition,
  which is stored with it, so the counts are kept without reading the plan);
- `DayCount` holds, per (chamber, fiscal year, kind, series, day, staff member), the number of
  records (or the rule's sum) — days, not months, so a page "as of" the middle of a month
  counts exactly what the engine counts (records dated up to that day);
- `FirstDay` holds, per distinct-businesses rule and business, the first day in the fiscal
  year it qualifies: a business counts once a year, so distinct counts cannot be summed from
  record counts; the businesses first qualifying on each day are kept as day rows (series:
  the rule) recounted from these rows for the days a write moved, so the page sums day rows
  only (a few thousand) and never reads one row per business;
- `GroupChange` (dashboard.groups) holds how many plans enter and leave each follow-up group
  each day, so the groups at each month end are sums of a few rows.

Keeping them current: a write recomputes only the buckets it touched — the days of the
records it wrote (before and after an edit: the old day, the new day) and, for distinct
rules, the businesses — by the engine's own aggregate (aggregates.aggregate_expression and
counted_q over records_of, so merged rows and exclusions count exactly as in the evaluation),
in the same transaction as the write:
- every save and delete through the ORM (services, forms, the admin, per-row imports):
  dashboard.signals captures the record's facts before the write (organization, fiscal year,
  day, business) and recomputes after it; one day of one chamber is a few hundred rows at most;
  the recount reads only those rows through an index on (organization, fiscal year, day) and
  one on (organization, fiscal year, business) — support records have both (the large table);
  a kind without them walks its chamber's year through its (organization, fiscal year) index;
- bulk paths that send no signal call `touch_pks` / `touch` themselves: the support-record and
  history imports (dataio), the financial-statement import, a territory's dates
  (businesses.territory); a merger and the demo loader rebuild the chambers' counts in full
  (`rebuild`).
A year is built in full the first time the dashboard reads it (or a plan brings a new rule:
`ensure`); `bansou dashboard_recount [--org SLUG] [--check]` rebuilds from the records and
reports drift. A business saved with another membership or industry (read by rules through a
join) recomputes its records' buckets (dashboard.signals). Not seen: such an edit by a bulk
business import, a district renamed, related rows rules read (a plan's kind for its follow-up
reports, an event's kind, a programme's code) edited: the nightly `dashboard_recount` corrects
them, and `--check` reports any drift.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Count, Min, Q, Sum

from bansou.evaluation.engine.aggregates import aggregate_expression, counted_q, records_of
from bansou.evaluation.engine.kinds import KINDS, RecordKind
from bansou.evaluation.engine.rules import COUNT_DISTINCT, NamedIds, Rule, parse_rule
from bansou.lib.eras import fiscal_year_bounds

from . import groups
from .models import ALL_RECORDS, CountedSeries, DayCount, FirstDay

CHUNK = 500  # ids per IN (…) list


def signature(rule: Rule) -> str:
    data = json.dumps(rule.to_data(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(data.encode()).hexdigest()


def fiscal_month(fiscal_year: int, day: date) -> int:
    """0 = April … 11 = March; -1 before the year and 12 after it (a record whose fiscal year
    and day disagree: the engine counts it in the year and folds it as its day says)."""
    start, _end = fiscal_year_bounds(fiscal_year)
    index = (day.year - start.year) * 12 + day.month - start.month
    return max(-1, min(index, 12))


def staff_field(kind: RecordKind) -> str | None:
    try:
        kind.model._meta.get_field("staff")
    except FieldDoesNotExist:
        return None
    return "staff_id"


@dataclass(frozen=True)
class Fact:
    """What a record's place in the counts depends on."""

    organization_id: int
    fiscal_year: int | None
    day: date | None
    business_id: int | None


def fact_of(kind: RecordKind, instance) -> Fact:
    return Fact(
        instance.organization_id,
        getattr(instance, kind.fiscal_year_field),
        getattr(instance, kind.date_field),
        getattr(instance, kind.business_field) if kind.has_business else None,
    )


def facts_of_pks(kind: RecordKind, pks: Iterable[int]) -> list[Fact]:
    """The stored facts of these rows (one query per CHUNK ids)."""
    pks = list(pks)
    columns = ["organization_id", kind.fiscal_year_field, kind.date_field]
    if kind.has_business:
        columns.append(kind.business_field)
    facts = []
    for start in range(0, len(pks), CHUNK):
        rows = kind.model._default_manager.filter(pk__in=pks[start : start + CHUNK])
        for values in rows.values_list(*columns):
            facts.append(Fact(*values) if kind.has_business else Fact(*values, None))
    return facts


# --- the series kept ------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    code: str
    rule: Rule | None  # None: every record of the kind
    distinct: bool = False


def _kept(
    organization_id: int, fiscal_year: int, kind_code: str, *, lock: bool = False
) -> list[Series] | None:
    """The series kept for the chamber's year and kind; None while the year is not built.

    `lock` (in a transaction) holds the rows until it commits: two writes recounting the same
    kind and year run one after the other (PostgreSQL; SQLite writes one at a time anyway), so
    the second counts the first's records and neither leaves the other's rows behind."""
    rows = CountedSeries.objects.filter(
        organization_id=organization_id, fiscal_year=fiscal_year, kind=kind_code
    )
    if lock:
        rows = rows.select_for_update()
    rows = rows.values_list("series", "rule", "distinct")
    series, built = [], False
    for code, data, distinct in rows:
        if code == ALL_RECORDS:
            built = True
            series.append(Series(code, None))
        else:
            series.append(Series(code, parse_rule(data), distinct))
    return series if built else None


def _names(organization_id: int, series: list[Series]) -> NamedIds:
    names = NamedIds(organization_id)
    names.prepare([s.rule for s in series if s.rule is not None])
    return names


# --- recomputing buckets --------------------------------------------------------------------


def _recount_days(org_id, fy, kind, series: list[Series], days: set | None, names) -> None:
    """Recompute the day rows of these days (every day of the year for None)."""
    summed = [s for s in series if not s.distinct]
    rows = records_of(kind, org_id, fy)
    kept = DayCount.objects.filter(organization_id=org_id, fiscal_year=fy, kind=kind.code)
    if days is not None:
        days = sorted(d for d in days if d is not None)
        if not days:
            return
        rows = rows.filter(**{f"{kind.date_field}__in": days})
        kept = kept.filter(day__in=days)
    kept.filter(series__in=[s.code for s in summed]).delete()
    staff = staff_field(kind)
    expressions = {f"s{i}": _expression(s, names) for i, s in enumerate(summed)}
    grouped = rows.values(kind.date_field, *([staff] if staff else [])).annotate(**expressions)
    per_rule: dict[tuple[str, date], Decimal] = defaultdict(Decimal)
    new = []
    for row in grouped.order_by():
        day = row[kind.date_field]
        if day is None:
            continue
        for i, s in enumerate(summed):
            value = row[f"s{i}"]
            if not value:
                continue
            if s.rule is None:  # per staff member: the pipeline's chart per advisor
                new.append(_day_row(org_id, fy, kind, s.code, day, row.get(staff), value))
            else:
                per_rule[(s.code, day)] += Decimal(value)
    new += [
        _day_row(org_id, fy, kind, code, day, None, value)
        for (code, day), value in per_rule.items()
        if value
    ]
    DayCount.objects.bulk_create(new, batch_size=2000)


def _expression(series: Series, names: NamedIds):
    if series.rule is None:
        return Count("pk")
    return aggregate_expression(series.rule, counted_q(series.rule, names))


def _day_row(org_id, fy, kind, code, day, staff_id, value) -> DayCount:
    return DayCount(
        organization_id=org_id,
        fiscal_year=fy,
        kind=kind.code,
        series=code,
        day=day,
        month=fiscal_month(fy, day),
        staff_id=staff_id,
        value=value,
    )


def _recount_firsts(org_id, fy, kind, series: list[Series], businesses, names) -> None:
    """Recompute the first qualifying days of these businesses (every one for None)."""
    distinct = [s for s in series if s.distinct]
    if not distinct or not kind.has_business:
        return
    if businesses is None:
        chunks = [None]
    else:
        ids = sorted(b for b in businesses if b is not None)
        chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    codes = [s.code for s in distinct]
    for chunk in chunks:
        rows = records_of(kind, org_id, fy).filter(**{f"{kind.business_field}__isnull": False})
        kept = FirstDay.objects.filter(
            organization_id=org_id, fiscal_year=fy, kind=kind.code, series__in=codes
        )
        days = None
        if chunk is not None:
            rows = rows.filter(**{f"{kind.business_field}__in": chunk})
            kept = kept.filter(business_id__in=chunk)
            days = set(kept.values_list("day", flat=True))
        kept.delete()
        grouped = rows.values(kind.business_field).annotate(
            **{
                f"f{i}": Min(kind.date_field, filter=counted_q(s.rule, names) or None)
                for i, s in enumerate(distinct)
            }
        )
        new = []
        for row in grouped.order_by():
            for i, s in enumerate(distinct):
                day = row[f"f{i}"]
                if day is not None:
                    new.append(
                        FirstDay(
                            organization_id=org_id,
                            fiscal_year=fy,
                            kind=kind.code,
                            series=s.code,
                            business_id=row[kind.business_field],
                            day=day,
                            month=fiscal_month(fy, day),
                        )
                    )
        FirstDay.objects.bulk_create(new, batch_size=2000)
        if days is not None:
            days |= {row.day for row in new}
        _count_firsts(org_id, fy, kind, codes, days)


def _count_firsts(org_id, fy, kind, codes: list[str], days: set | None) -> None:
    """The businesses whose first qualifying day is each of these days (every day for None),
    kept as day rows: the page reads day rows only, never one row per business."""
    kept = DayCount.objects.filter(
        organization_id=org_id, fiscal_year=fy, kind=kind.code, series__in=codes
    )
    firsts = FirstDay.objects.filter(
        organization_id=org_id, fiscal_year=fy, kind=kind.code, series__in=codes
    )
    if days is not None:
        if not days:
            return
        kept = kept.filter(day__in=sorted(days))
        firsts = firsts.filter(day__in=sorted(days))
    kept.delete()
    DayCount.objects.bulk_create(
        [
            _day_row(org_id, fy, kind, row["series"], row["day"], None, row["n"])
            for row in firsts.values("series", "day").annotate(n=Count("pk")).order_by()
        ],
        batch_size=2000,
    )


_collecting: ContextVar[dict | None] = ContextVar("dashboard_counts_batch", default=None)


_DISCARD: dict = {}


@contextmanager
def suspended():
    """Keep nothing while a loader writes or deletes a chamber's records in bulk (the demo):
    the caller rebuilds the counts afterwards (`prepare`)."""
    token = _collecting.set(_DISCARD)
    try:
        yield
    finally:
        _collecting.reset(token)


@contextmanager
def batch():
    """Collect the touches of many writes (a reset deleting thousands of records) and recompute
    each bucket once at the end, in the caller's transaction."""
    if _collecting.get() is not None:
        yield
        return
    pending: dict[str, list[Fact]] = {}
    token = _collecting.set(pending)
    try:
        yield
    finally:
        _collecting.reset(token)
    for code, facts in pending.items():
        touch(code, facts)


def touch(kind_code: str, facts: Iterable[Fact]) -> None:
    """Recompute the buckets of these records' days and businesses (their facts before and
    after the write), in the caller's transaction."""
    kind = KINDS.get(kind_code)
    if kind is None:
        return
    pending = _collecting.get()
    if pending is _DISCARD:
        return
    if pending is not None:
        pending.setdefault(kind_code, []).extend(facts)
        return
    facts = list(facts)
    if kind_code == groups.REPORT_KIND:
        _touch_groups(facts)
    buckets: dict[tuple[int, int], tuple[set, set]] = {}
    for fact in facts:
        if fact.fiscal_year is None:
            continue
        days, businesses = buckets.setdefault(
            (fact.organization_id, fact.fiscal_year), (set(), set())
        )
        days.add(fact.day)
        businesses.add(fact.business_id)
    for (org_id, fy), (days, businesses) in sorted(buckets.items()):
        with transaction.atomic():
            series = _kept(org_id, fy, kind.code, lock=True)
            if series is None:
                continue  # not built yet: built in full when first read
            names = _names(org_id, series)
            _recount_days(org_id, fy, kind, series, days, names)
            _recount_firsts(org_id, fy, kind, series, businesses, names)


def _touch_groups(facts: list[Fact]) -> None:
    by_org: dict[int, tuple[set, set]] = {}
    for fact in facts:
        days, businesses = by_org.setdefault(fact.organization_id, (set(), set()))
        days.add(fact.day)
        businesses.add(fact.business_id)
    for org_id, (days, businesses) in sorted(by_org.items()):
        groups.touch(org_id, days, businesses)


def touch_pks(model, pks: Iterable[int], before: Iterable[Fact] = ()) -> None:
    """A bulk write of these rows of `model` (and their facts before it, for an update)."""
    for code, kind in KINDS.items():
        if kind.is_available() and kind.model is model:
            touch(code, [*before, *facts_of_pks(kind, pks)])


def kind_of(model) -> str | None:
    for code, kind in KINDS.items():
        if kind.is_available() and kind.model is model:
            return code
    return None


# --- building and rebuilding ----------------------------------------------------------------


def rebuild_kind(organization_id: int, fiscal_year: int, kind_code: str) -> None:
    """Recount every series of the chamber's year and kind from the records."""
    kind = KINDS[kind_code]
    with transaction.atomic():
        CountedSeries.objects.get_or_create(
            organization_id=organization_id,
            fiscal_year=fiscal_year,
            kind=kind_code,
            series=ALL_RECORDS,
        )
        series = _kept(organization_id, fiscal_year, kind_code, lock=True)
        names = _names(organization_id, series)
        DayCount.objects.filter(
            organization_id=organization_id, fiscal_year=fiscal_year, kind=kind_code
        ).delete()
        FirstDay.objects.filter(
            organization_id=organization_id, fiscal_year=fiscal_year, kind=kind_code
        ).delete()
        _recount_days(organization_id, fiscal_year, kind, series, None, names)
        _recount_firsts(organization_id, fiscal_year, kind, series, None, names)


def ensure(organization_id: int, fiscal_year: int, rules: Iterable[Rule], kinds: Iterable[str]):
    """Keep these rules and kinds for the chamber's year: one query when they are kept
    already; otherwise the missing ones are declared and their kinds recounted (slow, once).
    Returns {rule signature: distinct?} of the rules."""
    wanted: dict[tuple[str, str], Rule | None] = {(code, ALL_RECORDS): None for code in kinds}
    for rule in rules:
        wanted[(rule.kind_code, ALL_RECORDS)] = None
        wanted[(rule.kind_code, signature(rule))] = rule
    kept = set(
        CountedSeries.objects.filter(
            organization_id=organization_id, fiscal_year=fiscal_year
        ).values_list("kind", "series")
    )
    missing = {key: rule for key, rule in wanted.items() if key not in kept}
    if missing:
        with transaction.atomic():
            CountedSeries.objects.bulk_create(
                [
                    CountedSeries(
                        organization_id=organization_id,
                        fiscal_year=fiscal_year,
                        kind=code,
                        series=series,
                        rule=rule.to_data() if rule is not None else None,
                        distinct=rule is not None and rule.count == COUNT_DISTINCT,
                    )
                    for (code, series), rule in missing.items()
                ],
                ignore_conflicts=True,
            )
            for code in sorted({code for code, _series in missing}):
                rebuild_kind(organization_id, fiscal_year, code)


def rebuild(organization_id: int, fiscal_year: int | None = None) -> None:
    """Recount every kept series of the chamber (of one year) from the records."""
    kept = CountedSeries.objects.filter(
        organization_id=organization_id, series=ALL_RECORDS
    ).exclude(kind=groups.MARKER["kind"])
    if fiscal_year is not None:
        kept = kept.filter(fiscal_year=fiscal_year)
    for fy, code in sorted(kept.values_list("fiscal_year", "kind")):
        rebuild_kind(organization_id, fy, code)
    if fiscal_year is None and groups.is_kept(organization_id):
        groups.rebuild(organization_id)


def prepare(organization_id: int) -> None:
    """Rebuild what the chamber keeps and build every fiscal year of its plans (the demo's
    end, `dashboard_recount`): the dashboard's first open of any year is then fast."""
    from bansou.core.errors import DomainError
    from bansou.evaluation.engine.structure import load_plan_year
    from bansou.evaluation.models import DevelopmentPlan

    from .figures import pipeline_kinds

    rebuild(organization_id)
    for plan in DevelopmentPlan.objects.filter(organization_id=organization_id).order_by("pk"):
        for fy in plan.fiscal_years():
            try:
                plan_year = load_plan_year(plan, fy)
            except DomainError:
                continue
            ensure(organization_id, fy, plan_year.rules.values(), pipeline_kinds())
    groups.ensure(organization_id)


def snapshot_of(organization_id: int, fiscal_year: int | None = None) -> tuple[set, set]:
    """Every kept row as plain tuples (to compare the kept counts with a recount)."""
    days = DayCount.objects.filter(organization_id=organization_id)
    firsts = FirstDay.objects.filter(organization_id=organization_id)
    if fiscal_year is not None:
        days, firsts = days.filter(fiscal_year=fiscal_year), firsts.filter(fiscal_year=fiscal_year)
    return (
        {
            (fy, kind, series, day, staff, Decimal(value).normalize())
            for fy, kind, series, day, staff, value in days.values_list(
                "fiscal_year", "kind", "series", "day", "staff_id", "value"
            )
        },
        set(firsts.values_list("fiscal_year", "kind", "series", "business_id", "day")),
    )


def drift(organization_id: int) -> list[str]:
    """What differs between the kept counts and a full recount (the recount is rolled back)."""
    kept = (*snapshot_of(organization_id), groups.snapshot(organization_id))

    class _Rollback(Exception):
        pass

    recounted: tuple[set, set, set] = (set(), set(), set())
    try:
        with transaction.atomic():
            rebuild(organization_id)
            recounted = (*snapshot_of(organization_id), groups.snapshot(organization_id))
            raise _Rollback
    except _Rollback:
        pass
    problems = []
    labels = ("day", "first", "group change")
    for label, mine, theirs in zip(labels, kept, recounted, strict=True):
        for row in sorted(mine - theirs, key=str)[:20]:
            problems.append(f"{label} kept, not recounted: {row}")
        for row in sorted(theirs - mine, key=str)[:20]:
            problems.append(f"{label} recounted, not kept: {row}")
    return problems


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """The kept counts of a chamber's year as of a day, by series."""

    # (kind, series) → per fiscal month -1…12: (year's total, total up to as_of)
    months: dict[tuple[str, str], dict[int, tuple[Decimal, Decimal]]]
    # kind → staff id → records up to as_of (series "")
    staff: dict[str, dict[int | None, int]]


def read(organization_id: int, fiscal_year: int, as_of: date) -> Read:
    """One grouped query over the kept day rows: a few thousand, whatever the records."""
    months: dict[tuple[str, str], dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    staff: dict[str, dict[int | None, int]] = defaultdict(lambda: defaultdict(int))
    upto = Q(day__lte=as_of)
    days = (
        DayCount.objects.filter(organization_id=organization_id, fiscal_year=fiscal_year)
        .values("kind", "series", "month", "staff_id")
        .annotate(total=Sum("value"), upto=Sum("value", filter=upto))
        .order_by()
    )
    for row in days:
        key = (row["kind"], row["series"])
        total, now = months[key].get(row["month"], (Decimal(0), Decimal(0)))
        months[key][row["month"]] = (
            total + Decimal(row["total"] or 0),
            now + Decimal(row["upto"] or 0),
        )
        if row["series"] == ALL_RECORDS and row["upto"]:
            staff[row["kind"]][row["staff_id"]] += int(row["upto"])
    return Read(dict(months), {k: dict(v) for k, v in staff.items()})
