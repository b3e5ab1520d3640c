"""The follow-up groups kept on write: how many plans enter and leave each group each day.

A plan is in the group of its latest report (DOMAIN §3; of two on one day, the later id). Each
report moves its plan into its group and out of the group of the plan's previous report, so
the plans in each group at the end of a month are the sum of the changes up to that day: the
dashboard reads a few rows per day with reports (`GroupChange`), whatever the number of reports
(figures.groups_over_time counts the same from the reports: the reference the tests compare).

Kept current like the day counts (dashboard.counts.touch, in the write's transaction): a write
of reports recomputes the days it touched and every day with a report of the businesses it
touched — a plan's next report, whose "previous group" the write may have changed, belongs to
the same business. The changes are kept for a chamber once built (the first dashboard read,
the demo, `dashboard_recount`), all years together: a plan stays in its group across years.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, Sum

from bansou.evaluation.engine.kinds import KINDS
from bansou.evaluation.engine.progress import month_ends, months_elapsed

from .figures import GROUPS
from .models import ALL_RECORDS, CountedSeries, GroupChange

REPORT_KIND = "follow_up_report"
# The marker of a chamber whose changes are kept (a CountedSeries row of no fiscal year).
MARKER = {"fiscal_year": 0, "kind": "follow_up_groups", "series": ALL_RECORDS}


def _reports():
    return KINDS[REPORT_KIND].model._default_manager


def _marker(organization_id: int):
    return CountedSeries.objects.filter(organization_id=organization_id, **MARKER)


def is_kept(organization_id: int, *, lock: bool = False) -> bool:
    rows = _marker(organization_id)
    if lock:
        rows = rows.select_for_update()  # two writes recount one after the other
    return rows.exists()


def _changes_of(rows) -> dict[tuple[date, int], int]:
    """(day, group) → change, from (day, group, previous group) rows."""
    totals: dict[tuple[date, int], int] = defaultdict(int)
    for day, group, previous in rows:
        totals[(day, group)] += 1
        if previous is not None:
            totals[(day, previous)] -= 1
    return totals


def _save(organization_id: int, totals: dict[tuple[date, int], int]) -> None:
    GroupChange.objects.bulk_create(
        [
            GroupChange(organization_id=organization_id, day=day, group=group, change=change)
            for (day, group), change in sorted(totals.items())
            if change
        ],
        batch_size=2000,
    )


def recount_days(organization_id: int, days: Iterable[date]) -> None:
    """Recompute the changes of these days: each report of the day with its plan's previous
    report's group (one query, through the index on (plan, reported_on))."""
    days = sorted({day for day in days if day is not None})
    if not days:
        return
    previous = (
        _reports()
        .filter(plan_id=OuterRef("plan_id"))
        .filter(
            Q(reported_on__lt=OuterRef("reported_on"))
            | Q(reported_on=OuterRef("reported_on"), pk__lt=OuterRef("pk"))
        )
        .order_by("-reported_on", "-pk")
        .values("group")[:1]
    )
    rows = (
        _reports()
        .filter(organization_id=organization_id, reported_on__in=days)
        .annotate(previous_group=Subquery(previous))
        .values_list("reported_on", "group", "previous_group")
    )
    GroupChange.objects.filter(organization_id=organization_id, day__in=days).delete()
    _save(organization_id, _changes_of(rows.order_by()))


def rebuild(organization_id: int) -> None:
    """Every change of the chamber from its reports, read once in plan and date order."""
    with transaction.atomic():
        CountedSeries.objects.get_or_create(organization_id=organization_id, **MARKER)
        is_kept(organization_id, lock=True)
        GroupChange.objects.filter(organization_id=organization_id).delete()
        rows = (
            _reports()
            .filter(organization_id=organization_id)
            .order_by("plan_id", "reported_on", "pk")
            .values_list("plan_id", "reported_on", "group")
        )
        plan, group_before, triples = None, None, []
        for plan_id, day, group in rows.iterator(chunk_size=5000):
            triples.append((day, group, group_before if plan_id == plan else None))
            plan, group_before = plan_id, group
        _save(organization_id, _changes_of(triples))


def ensure(organization_id: int) -> None:
    if not is_kept(organization_id):
        rebuild(organization_id)


def touch(organization_id: int, days: Iterable[date], businesses: Iterable[int]) -> None:
    """Reports of these days and businesses were written (their facts before and after)."""
    with transaction.atomic():
        if not is_kept(organization_id, lock=True):
            return  # built in full when first read
        days = set(days)
        businesses = sorted({b for b in businesses if b is not None})
        if businesses:
            days |= set(
                _reports()
                .filter(organization_id=organization_id, business_id__in=businesses)
                .values_list("reported_on", flat=True)
            )
        recount_days(organization_id, days)


def read(organization_id: int, fiscal_year: int, as_of: date) -> dict:
    """Plans in each group at the end of each elapsed month (the last one: as_of), as
    figures.groups_over_time gives them: one grouped query, four rows back."""
    ends = month_ends(fiscal_year)
    elapsed = months_elapsed(fiscal_year, as_of)
    counts = {str(group): [None] * 12 for group in GROUPS}
    if not elapsed:
        return counts
    cutoffs = [min(ends[month], as_of) for month in range(elapsed)]
    rows = (
        GroupChange.objects.filter(organization_id=organization_id, day__lte=cutoffs[-1])
        .values("group")
        .annotate(
            **{
                f"m{month}": Sum("change", filter=Q(day__lte=cutoff))
                for month, cutoff in enumerate(cutoffs)
            }
        )
        .order_by()
    )
    for group in GROUPS:
        counts[str(group)][:elapsed] = [0] * elapsed
    for row in rows:
        counts[str(row["group"])][:elapsed] = [row[f"m{m}"] or 0 for m in range(elapsed)]
    return counts


def snapshot(organization_id: int) -> set:
    return set(
        GroupChange.objects.filter(organization_id=organization_id).values_list(
            "day", "group", "change"
        )
    )
