"""The dashboard's figures, read from a ChartSnapshot: computed once, shown at once.

Evaluating a year over a million records takes seconds, so the page never waits for it once a
snapshot exists. A snapshot is current while nothing behind it changed:
- every save or delete of a record kind or of the plan marks the chamber's snapshots stale
  (dashboard.signals, once per transaction after it commits);
- the fingerprint — the chamber's last id in each record kind's table and the manual actuals',
  one query reading each table backwards from its newest row — changes with a bulk import,
  which sends no signal (a queryset's delete() does send them while receivers are connected).
Edits by queryset.update() or raw SQL (a merger, a territory's dates) are not seen: the
nightly `bansou dashboard_refresh` recomputes the figures.
A stale snapshot is shown with a note while the page asks (htmx, a second request) for the
engine's fresh figures; without any snapshot the figures are computed in the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone

from bansou.evaluation.engine.kinds import KINDS
from bansou.evaluation.models import ManualActual

from . import figures
from .models import ChartSnapshot


@dataclass(frozen=True)
class Figures:
    payload: dict
    stale: bool  # shown while fresher figures are computed
    computed_at: datetime | None


WINDOW = 20_000  # ids read back at most per table by the fingerprint


def _counted_tables() -> list[str]:
    """Every record kind's table, and the manual actuals'."""
    tables = [kind.model._meta.db_table for kind in KINDS.values() if kind.is_available()]
    return [*tables, ManualActual._meta.db_table]


def fingerprint(organization_id: int) -> str:
    """The chamber's last id in each table, in one query. A bulk insert raises it; deletes and
    edits through the ORM send the signals (dashboard.signals).

    Each table is read backwards along its primary key until the chamber's newest row, among
    the table's last WINDOW ids at most: a few rows, whatever the number of records (another
    chamber's rows may fill the window: then the value is empty until this chamber writes a
    row, which is always the newest). `organization_id + 0` keeps SQLite and PostgreSQL off
    the organization's indexes, where MAX(id) would walk every entry of the chamber.
    """
    connection = connections[router.db_for_read(ChartSnapshot)]
    quote = connection.ops.quote_name
    parts = []
    for table in _counted_tables():
        name = quote(table)
        parts.append(
            f"(SELECT id FROM {name} WHERE organization_id + 0 = %s"
            f" AND id > (SELECT COALESCE(MAX(id), 0) FROM {name}) - {WINDOW}"
            " ORDER BY id DESC LIMIT 1)"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), [organization_id] * len(parts))
        values = cursor.fetchone()
    return ":".join("" if v is None else str(v) for v in values)


def dashboard_figures(plan, fiscal_year: int, as_of: date, *, fresh: bool = False) -> Figures:
    """The figures of `plan`'s chamber for the year as of a day: the stored snapshot (two
    queries), stale or not; the engine's figures, stored, when there is none or `fresh`."""
    organization_id = plan.organization_id
    current = fingerprint(organization_id)
    if not fresh:
        snapshot = (
            ChartSnapshot.objects.filter(
                organization=organization_id, fiscal_year=fiscal_year, as_of=as_of
            )
            .only("fingerprint", "payload", "stale", "computed_at")
            .first()
        )
        if snapshot is not None:
            stale = snapshot.stale or snapshot.fingerprint != current
            return Figures(snapshot.payload, stale, snapshot.computed_at)
    payload = figures.compute(plan, fiscal_year, as_of)
    store(organization_id, fiscal_year, as_of, current, payload)
    return Figures(payload, False, None)


KEPT_DAYS = 31


def store(organization_id: int, fiscal_year: int, as_of: date, fp: str, payload: dict) -> None:
    # Snapshots of days a month gone are no longer read: one small DELETE, on this slow path.
    ChartSnapshot.objects.filter(
        organization=organization_id, computed_at__lt=timezone.now() - timedelta(days=KEPT_DAYS)
    ).delete()
    try:
        with transaction.atomic():
            ChartSnapshot.objects.update_or_create(
                organization_id=organization_id,
                fiscal_year=fiscal_year,
                as_of=as_of,
                defaults={"fingerprint": fp, "payload": payload, "stale": False},
            )
    except IntegrityError:  # another request stored the same day meanwhile: theirs stands
        pass


def mark_stale(organization_id: int | None) -> None:
    """The chamber's snapshots (every chamber's for None) need recomputing."""
    snapshots = ChartSnapshot.objects.filter(stale=False)
    if organization_id is not None:
        snapshots = snapshots.filter(organization=organization_id)
    snapshots.update(stale=True)


def refresh(plan, fiscal_year: int, as_of: date) -> dict:
    """Recompute and store the figures (the management command)."""
    return dashboard_figures(plan, fiscal_year, as_of, fresh=True).payload
