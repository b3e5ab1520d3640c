"""Support record rows and the database: matching stored records, and the fast insert.

Kept apart from the import kind (support_records.py) because both halves lean on the support
app's models: the content a row is compared on and the columns it is inserted with
(occurred_on, fiscal_year and search_text come derived by the model's own derived_fields(),
computed where the file is read: SupportRecordsImport.prepare).
"""

from __future__ import annotations

from operator import itemgetter

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.core.versioning import bump_versions

from .. import bulk
from ..registry import Action

CONTENT_FIELDS = (
    "duration_minutes",
    "condition",
    "issues",
    "analysis",
    "support",
    "approach",
    "next_action",
    "next_action_due",
    "next_action_done",
)

# The columns a row resolves in this process (references and the business's facts) …
IDENTITY_COLUMNS = (
    "id",
    "organization",
    "business",
    "staff",
    "district",
    "in_territory",
    "is_small",
)
# … and those it brings itself, prepared in database form where the file is read.
OWN_COLUMNS = (
    "occurred_at",
    "time_known",
    "occurred_on",
    "fiscal_year",
    "channel",
    "duration_minutes",
    "condition",
    "issues",
    "analysis",
    "support",
    "approach",
    "next_action",
    "next_action_due",
    "next_action_done",
    "search_text",
)
RECORD_COLUMNS = (*IDENTITY_COLUMNS, *OWN_COLUMNS)
_own_values = itemgetter(*OWN_COLUMNS)


# The moments an import has met, kept in a Bloom filter sized for this many at 1 % false
# positives (1.2 MB; beyond it the rate rises and only costs more exact checks).
SEEN_CAPACITY = 1_000_000


def _quoted(model, *field_names: str) -> list[str]:
    """The model's table and the fields' columns, quoted for raw SQL."""
    quote = connection.ops.quote_name
    meta = model._meta
    return [quote(meta.db_table), *(quote(meta.get_field(name).column) for name in field_names)]


class StoredRecords:
    """Which rows of an import may be records stored already, and those records' contents.

    A row can equal a stored record only if its business had records before the import
    began, or if an earlier row of this import had the same (business, moment). The first
    is asked of the database once per business, the first time a batch names it (nothing
    of this import is written for it yet, so the answer is about the records before); the
    second is a Bloom filter of the (business, moment) pairs met so far, bounded in memory
    and never wrong when it says no. Only the rows left are looked up (stored_at), so a
    first import of years of records queries for almost none of them.
    """

    def __init__(self, organization_id: int) -> None:
        from rbloom import Bloom

        self.organization_id = organization_id
        self.seen = Bloom(SEEN_CAPACITY, 0.01)
        self.asked: set[int] = set()  # businesses whose records before the import are known
        self.with_records: set[int] = set()

    def matching(self, rows) -> dict[tuple, set[tuple]]:
        """{(business, moment, channel, staff): {content, …}} of the stored records the
        rows may equal (row.extra["moment"]: the database form of occurred_at, prepared)."""
        self._ask([row.extra["business"].id for row in rows])
        with_records, seen = self.with_records, self.seen
        pairs = [(row.extra["business"].id, row.extra["moment"]) for row in rows]
        candidates = [
            row
            for row, pair in zip(rows, pairs, strict=True)
            if pair[0] in with_records or pair in seen
        ]
        seen.update(pairs)
        return stored_at(self.organization_id, candidates) if candidates else {}

    def _ask(self, business_ids: list[int]) -> None:
        from bansou.support.models import SupportRecord

        new = set(business_ids) - self.asked
        if not new:
            return
        table, business, organization = _quoted(SupportRecord, "business", "organization")
        # One index seek per business ((business, organization, moment) index).
        sql = (
            f"WITH wanted (business_id) AS (VALUES {', '.join(['(%s)'] * len(new))}) "
            f"SELECT business_id FROM wanted WHERE EXISTS (SELECT 1 FROM {table} r "
            f"WHERE r.{business} = wanted.business_id AND r.{organization} = %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*new, self.organization_id])
            self.with_records.update(pk for (pk,) in cursor.fetchall())
        self.asked |= new


def stored_at(organization_id: int, rows) -> dict[tuple, set[tuple]]:
    """Stored records at the exact (business, moment) of the rows:
    {(business id, moment, channel, staff id): {content, …}} (row_content's form).

    row.extra["moment"] holds the moment in the database's form (SupportRecordsImport.prepare),
    and so do the keys. The ids come from one query joining the wanted (business, moment)
    pairs, given as VALUES, to the records: one index seek per pair. (The ORM's __in on 2,000
    datetimes costs more than the rest of the batch, and SQLite scans the table for a
    row-value IN.) Only when some exist (a re-import) are their contents read.
    """
    from bansou.support.models import SupportRecord, SupportRecordTheme

    # .id, not .pk: the property costs a microsecond a row at 100,000 rows.
    pairs = {(row.extra["business"].id, row.extra["moment"]) for row in rows}
    table, pk, business, occurred_at, organization = _quoted(
        SupportRecord, "id", "business", "occurred_at", "organization"
    )
    # The wanted pairs drive the loop and each is one seek in the (business, organization,
    # occurred_at) index; SQLite keeps a CROSS JOIN's order, PostgreSQL plans it itself.
    join = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"
    sql = (
        f"WITH wanted (business_id, occurred_at) AS "
        f"(VALUES {', '.join(['(%s, %s)'] * len(pairs))}) "
        f"SELECT r.{pk}, wanted.business_id, wanted.occurred_at FROM wanted {join} {table} r "
        f"ON r.{business} = wanted.business_id AND r.{organization} = %s "
        f"AND r.{occurred_at} = wanted.occurred_at"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(value for pair in pairs for value in pair), organization_id])
        # Each record at the wanted pair, as the rows gave it (SQLite: the same text;
        # PostgreSQL: the same instant, which compares and hashes equal).
        pair_of = {pk: (business_id, moment) for pk, business_id, moment in cursor.fetchall()}
    if not pair_of:
        return {}
    ids = list(pair_of)
    themes: dict[int, list[str]] = {}
    for record_id, theme in SupportRecordTheme.objects.filter(record__in=ids).values_list(
        "record_id", "theme"
    ):
        themes.setdefault(record_id, []).append(theme)
    stored: dict[tuple, set[tuple]] = {}
    due_of = _to_db("next_action_due")
    for record in SupportRecord.objects.filter(pk__in=ids).values(
        "pk", "channel", "staff_id", *CONTENT_FIELDS
    ):
        record["next_action_due"] = due_of(record["next_action_due"])
        key = (*pair_of[record["pk"]], record["channel"], record["staff_id"])
        stored.setdefault(key, set()).add(
            (*_content_values(record), _joined(themes.get(record["pk"], ())))
        )
    return stored


_converters: dict = {}


def _to_db(name: str):
    if name not in _converters:
        from bansou.support.models import SupportRecord

        _converters[name] = bulk.db_value(SupportRecord._meta.get_field(name))
    return _converters[name]


def prepare_inserts(rows) -> None:
    """What the duplicate check and the insert need of cleaned rows, without a query:
    row.extra["moment"] (occurred_at in database form) and ["own"], the values of
    OWN_COLUMNS ready for the INSERT (day, 年度 and search text derived by the model's own
    derived_fields)."""
    from bansou.support.models import SEARCHED_FIELDS, derived_fields

    moment_of, day_of = _to_db("occurred_at"), _to_db("occurred_on")
    for row in rows:
        v = row.values
        moment = moment_of(v["occurred_at"])
        occurred_on, year, search_text = derived_fields(
            v["occurred_at"], [v[name] for name in SEARCHED_FIELDS]
        )
        row.extra["moment"] = moment
        row.extra["day"] = occurred_on
        row.extra["own"] = _own_values(
            dict(
                v,
                occurred_at=moment,
                time_known=v.get("time") is not None,
                occurred_on=day_of(occurred_on),
                fiscal_year=year,
                next_action_due=day_of(v["next_action_due"]),  # None stays None
                search_text=search_text,
            )
        )


_content_values = itemgetter(*CONTENT_FIELDS)
_content_in_own = itemgetter(*(OWN_COLUMNS.index(name) for name in CONTENT_FIELDS))


def _joined(themes) -> str:
    return ",".join(sorted(themes))


def row_content(row) -> tuple:
    """What a new row is compared on with a stored record (and with the rows before it):
    CONTENT_FIELDS in database form, from the INSERT's own values, and the themes."""
    return (*_content_in_own(row.extra["own"]), _joined(row.values["themes"]))


def deferred_indexes():
    """The support tables' indexes, built at the end of a large import (bulk.DeferredIndexes).

    The (business, moment) index stays live: the duplicate check (stored_at) reads it for
    every batch. The full-text insert trigger is suspended; write_rows indexes each batch's
    text itself meanwhile, so the knowledge search is complete whenever the import commits.
    """
    from bansou.support import fulltext
    from bansou.support.models import SupportRecord, SupportRecordTheme

    return bulk.DeferredIndexes(
        SupportRecord,
        keep=("support_business_when_idx",),
        suspend=(fulltext.INSERT_TRIGGER, fulltext.GRAM_INSERT_TRIGGER),
        related=(SupportRecordTheme,),
    )


def write_rows(rows, run) -> None:
    """Insert the new records (fast path) and update the ones matched by ID."""
    from bansou.dashboard import counts
    from bansou.support import fulltext
    from bansou.support.models import SupportRecord, SupportRecordTheme

    org_id = run.organization.pk
    creates = [r for r in rows if r.action == Action.CREATE]
    inserters = run.cache.get("inserters")
    if inserters is None:
        inserters = run.cache["inserters"] = (
            bulk.Inserter(SupportRecord, RECORD_COLUMNS, prepared=OWN_COLUMNS),
            bulk.Inserter(SupportRecordTheme, ("organization", "record", "theme")),
        )
    deferred = run.cache.get("deferred_indexes")
    if deferred is None:
        deferred = run.cache["deferred_indexes"] = deferred_indexes()
    ids = bulk.allocate_ids(SupportRecord, len(creates))
    facts = run.cache.setdefault("facts", {})
    records, themes = [], []
    for pk, row in zip(ids, creates, strict=True):
        business = row.extra["business"]
        business_id = business.id
        if business_id not in facts:
            facts[business_id] = _facts(business)
        district, is_small = facts[business_id]
        # The territory is dated: judged on each record's own day (businesses/records.py).
        inside = district.is_in_territory_on(row.extra["day"]) if district else True
        records.append(
            (pk, org_id, business_id, row.extra["staff_id"], district and district.pk, inside)
            + (is_small,)
            + row.extra["own"]
        )
        for theme in row.values["themes"]:
            themes.append((org_id, pk, theme))
    suspended = deferred.writing(len(records), of=len(rows), expected=run.expected_rows)
    inserters[0].insert(records)
    if suspended and ids:
        fulltext.index_inserted(connection, ids[0], ids[-1])
    retheme: list = []
    updated = [r.target.pk for r in rows if r.action == Action.UPDATE]
    before = counts.facts_of_pks(counts.KINDS["support_record"], updated)
    _write_updates(rows, run, retheme)
    themes.extend((t.organization_id, t.record_id, t.theme) for t in retheme)
    inserters[1].insert(themes)
    # The dashboard's counts of the days written, in the import's transaction (no signal).
    counts.touch_pks(SupportRecord, [*ids, *updated], before=before)


def _facts(business) -> tuple:
    """(district, is_small) as BusinessRecord.capture_business_facts reads them; the
    territory flag depends on each record's day, so it is judged per row."""
    return (business.district if business.district_id else None, business.is_small)


def _write_updates(rows, run, themes: list) -> None:
    from bansou.audit.models import AuditEntry
    from bansou.audit.services import diff, snapshot, unsaved_entry
    from bansou.organizations.models import District
    from bansou.support.choices import Theme
    from bansou.support.models import SupportRecord, SupportRecordTheme
    from bansou.support.services import AUDITED_FIELDS

    updates = [r for r in rows if r.action == Action.UPDATE]
    if not updates:
        return
    now = timezone.now()
    labels = dict(Theme.choices)
    fields = {"updated_at", "occurred_on", "fiscal_year", "search_text", "in_territory"}
    entries = []
    retheme = []
    districts = District.objects.in_bulk({r.target.district_id for r in updates} - {None})
    for row in updates:
        record = row.target
        record.refresh_derived()
        if record.district_id is not None:  # the territory is dated: judged on the new day
            record.in_territory = districts[record.district_id].is_in_territory_on(
                record.occurred_on
            )
        record.updated_at = now
        fields.update(row.extra["changed"])
        changes = diff(record, row.extra["before"], snapshot(record, AUDITED_FIELDS))
        if row.extra["themes_changed"]:
            retheme.append(record.pk)
            themes.extend(
                SupportRecordTheme(
                    organization_id=record.organization_id, record_id=record.pk, theme=t
                )
                for t in row.values["themes"]
            )
            changes["themes"] = {
                "label": _("themes"),
                "old": "、".join(str(labels[t]) for t in sorted(row.extra["old_themes"])) or None,
                "new": "、".join(str(labels[t]) for t in row.values["themes"]) or None,
            }
        entries.append(unsaved_entry(record, "support.record.updated", run.actor, changes))
    targets = [r.target for r in updates]
    # A form opened before the import must not overwrite what it changed (core/versioning.py).
    fields.update(bump_versions(targets))
    SupportRecord.objects.bulk_update(targets, sorted(fields))
    SupportRecordTheme.objects.filter(record__in=retheme).delete()
    AuditEntry.objects.bulk_create(entries)
