"""The dashboard's figures, read from a ChartSnapshot while the data behind them is unchanged.

Two things keep a snapshot honest:
- every save or delete of a record kind or of the plan drops the chamber's snapshots
  (dashboard.signals; edits go through the ORM);
- the fingerprint — each record kind's and the manual actuals' count and last id in the year,
  one query over the (organization, fiscal year) indexes — changes with a bulk import or a
  bulk delete, which send no signal.
A stale or missing snapshot is recomputed from the evaluation engine and stored.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, connections, router, transaction

from bansou.evaluation.engine.kinds import KINDS
from bansou.evaluation.models import ManualActual

from . import figures
from .models import ChartSnapshot


def _counted_tables() -> list[tuple[str, str]]:
    """(table, fiscal-year column) of every record kind installed, and the manual actuals."""
    tables = []
    for kind in KINDS.values():
        if kind.is_available():
            model = kind.model
            column = model._meta.get_field(kind.fiscal_year_field).column
            tables.append((model._meta.db_table, column))
    tables.append((ManualActual._meta.db_table, ManualActual._meta.get_field("fiscal_year").column))
    return tables


def fingerprint(organization_id: int, fiscal_year: int) -> str:
    """Count and last id of each table's rows of the chamber's year, in one query."""
    connection = connections[router.db_for_read(ChartSnapshot)]
    quote = connection.ops.quote_name
    parts, params = [], []
    for table, column in _counted_tables():
        where = f"FROM {quote(table)} WHERE organization_id = %s AND {quote(column)} = %s"
        parts.append(f"(SELECT COUNT(*) {where})")
        parts.append(f"(SELECT MAX(id) {where})")
        params += [organization_id, fiscal_year, organization_id, fiscal_year]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        values = cursor.fetchone()
    return ":".join("" if v is None else str(v) for v in values)


def dashboard_figures(plan, fiscal_year: int, as_of: date) -> dict:
    """The figures of `plan`'s chamber for the year as of a day: two queries when nothing has
    changed since they were computed, the engine's queries otherwise."""
    organization_id = plan.organization_id
    current = fingerprint(organization_id, fiscal_year)
    snapshot = (
        ChartSnapshot.objects.filter(
            organization=organization_id, fiscal_year=fiscal_year, as_of=as_of
        )
        .only("fingerprint", "payload")
        .first()
    )
    if snapshot is not None and snapshot.fingerprint == current:
        return snapshot.payload
    payload = figures.compute(plan, fiscal_year, as_of)
    store(organization_id, fiscal_year, as_of, current, payload)
    return payload


def store(organization_id: int, fiscal_year: int, as_of: date, fp: str, payload: dict) -> None:
    try:
        with transaction.atomic():
            ChartSnapshot.objects.update_or_create(
                organization_id=organization_id,
                fiscal_year=fiscal_year,
                as_of=as_of,
                defaults={"fingerprint": fp, "payload": payload},
            )
    except IntegrityError:  # another request stored the same day meanwhile: theirs stands
        pass


def drop(organization_id: int | None) -> None:
    """Forget the chamber's snapshots (all chambers' for None)."""
    snapshots = ChartSnapshot.objects.all()
    if organization_id is not None:
        snapshots = snapshots.filter(organization=organization_id)
    snapshots.delete()


def refresh(plan, fiscal_year: int, as_of: date) -> dict:
    """Recompute and store the figures whatever the snapshot says (the management command)."""
    payload = figures.compute(plan, fiscal_year, as_of)
    store(plan.organization_id, fiscal_year, as_of, fingerprint(plan.organization_id, fiscal_year), payload)
    return payload
