"""Import kinds for the records a chamber kept before bansou (checks, analyses, plans, follow-ups).

Each kind is declared by its own app (motivation/imports.py, …) on this base. A row is one
record of one business; it finds its stored twin by the export's ID column when given, else by
a natural key (the business and the kind's `key_fields`, e.g. the day and the staff member),
so importing the same file twice changes nothing and says so. The same key twice in one batch
is refused; across batches a repeated key is the same record (it updates the first).

New records are inserted many per statement with ids allocated up front (bulk.Inserter, as
support records are); records with children (answers, statements, yearly targets) insert
those in the same batch. A business missing from the register is refused, or, when the run
was asked to (`create_missing_businesses`), created from the row's name, 法人番号 and phone.

The kind's columns are the one source of its template (ひな形), its export (which imports back
unchanged: `export_values`) and its import.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from operator import itemgetter

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.core.exports import Exporter, format_date
from bansou.core.versioning import bump_versions

from . import bulk, cleaners, lookups
from .registry import Action, Column, ImportKind

# What the writing process reads of a row's cells once the reading one found its own values.
WRITER_VALUES = ("id", *lookups.BUSINESS_REFERENCE_FIELDS)
RECORD_FACTS = ("organization", "business", "staff", "district", "in_territory", "is_small")


def id_column() -> Column:
    return Column(
        "id",
        gettext_lazy("ID"),
        aliases=("ID", "id", "記録ID", "番号"),
        clean=cleaners.record_id,
        display=cleaners.identifier_display,
        help_text=gettext_lazy("bansou's ID, as exported: the row updates that record."),
    )


def channel_column() -> Column:
    """支援方法 of a contact-like record, read as the support records' channel words."""
    from bansou.support.choices import Channel

    from .kinds.support_records import CHANNEL_WORDS

    return Column(
        "channel",
        gettext_lazy("channel"),
        aliases=("方法", "対応方法", "手段"),
        clean=cleaners.choice(Channel.choices, CHANNEL_WORDS),
        empty="",
        display=cleaners.choice_display(Channel.choices),
    )


class HistoryKind(ImportKind):
    """Base of the history kinds: subclasses declare the model, columns and own values."""

    model = None
    # The record's own fields (attnames) compared on re-import and written on insert.
    own_fields: tuple[str, ...] = ()
    # Fields written only when a record is created (derived state other services keep).
    insert_only: tuple[str, ...] = ()
    # What identifies a record without its ID, besides its business.
    key_fields: tuple[str, ...] = ()
    # One example row for the template: {field: cell}.
    example: dict = {}
    audit_prefix = ""  # e.g. "motivation.check"
    key_label = gettext_lazy("same business and date")

    # --- what a subclass provides -------------------------------------------------------

    def own(self, row, run) -> dict:
        """{attname: value} of the record's own fields from a clean row (no query)."""
        raise NotImplementedError

    def children(self, row):
        """The row's child rows as a hashable, comparable value; None: the row has none."""
        return None

    def stored_children(self, pks: list[int]) -> dict[int, object]:
        return {}

    def child_inserts(self, pk: int, row, run) -> list[tuple]:
        return []

    child_model = None
    child_fields: tuple[str, ...] = ()
    child_parent = ""

    def inserted(self, row) -> tuple:
        """Values of `insert_only` for a new record."""
        return ()

    def narrow(self, queryset, rows):
        """The stored records a batch may match, fewer than all of its businesses' records."""
        return queryset

    def export_queryset(self, queryset):
        return queryset

    def export_values(self, record, date_style) -> dict:
        """{field: cell} of a stored record, as its template column expects."""
        raise NotImplementedError

    # --- the engine's hooks -------------------------------------------------------------

    def validate_mapping(self, mapped: set[str]) -> list[str]:
        if "id" in mapped:
            return []
        return lookups.business_mapping_problems(mapped)

    def begin(self, run) -> None:
        lookups.preload_register(run)
        run.cache["missing"] = {}  # business name → first row naming it (bounded: register)

    # Whether a row's own values follow from its cells, business and staff alone: then, with
    # the register loaded whole (lookups.preload_register), they are found where the file is
    # read, which for a large file is a second process (readahead.py), as support records are.
    resolves_while_reading = True

    def prepare(self, rows, run) -> None:
        for row in rows:
            self.check_row(row, run)
        if lookups.register_loaded(run):
            rows = [r for r in rows if not r.errors]
            self._identify(rows, run)
            if self.resolves_while_reading:
                self._own([r for r in rows if not r.errors], run)

    def shipped(self, row):
        """A row crosses to the writing process with its business's id, not the object."""
        business = row.extra.get("business")
        own = row.extra.get("own")
        if business is None and own is None:
            return row.values, row.extra
        extra = {k: v for k, v in row.extra.items() if k not in ("business", "own")}
        if business is not None:
            extra["business_pk"] = business.id
        values = row.values
        if own is not None:
            # Its values without their keys: a third of the pickling (engine._pack).
            extra["own_values"] = _getter(self.own_fields)(own)
            # The cells were read into `own` here: the writing process reads only the ID
            # and the business's cells of them (matching, creating a missing business), so
            # a kind of many columns (analyses: forty texts) does not ship each one twice.
            values = {name: values[name] for name in WRITER_VALUES if name in values}
        return values, extra

    def resolve_references(self, rows, run) -> None:
        """Look up what rows name besides business and staff (a batch, no query per row)."""

    def check_row(self, row, run) -> None:
        """Rules between a row's own cells (no query): row.error(field, message)."""

    def _identify(self, rows, run) -> None:
        """Each row's business (or the name of a missing one) and staff member."""
        with_id = [r for r in rows if r.values.get("id") is not None]
        lookups.resolve_businesses(with_id, run, required=False)
        without_id = [r for r in rows if r.values.get("id") is None]
        lookups.resolve_businesses(without_id, run)
        self._offer_missing(without_id, run)
        lookups.resolve_staff(rows, run)
        for row in rows:
            row.extra["identified"] = True

    def _own(self, rows, run) -> None:
        for row in rows:
            row.extra["own"] = self.own(row, run)
            row.extra["children"] = self.children(row)

    def resolve(self, rows, run) -> None:
        fresh = [r for r in rows if r.ok and "identified" not in r.extra]
        self._identify(fresh, run)
        by_id = run.cache.get("businesses", {}).get("id", {})
        missing = run.cache["missing"]
        for row in rows:
            extra = row.extra
            if "business_pk" in extra:
                extra["business"] = by_id[extra.pop("business_pk")]
            if "own_values" in extra:
                extra["own"] = dict(zip(self.own_fields, extra.pop("own_values"), strict=True))
            name = extra.get("missing_name")
            if name is not None:
                if len(missing) < lookups.CACHE_LIMIT:
                    missing.setdefault(name, row.number)
                if not run.create_missing_businesses:
                    row.errors.extend(extra["missing_errors"])
        rows = [r for r in rows if r.ok]
        self.resolve_references(rows, run)
        rows = [r for r in rows if r.ok]
        self._own([r for r in rows if "own" not in r.extra], run)
        rows = [r for r in rows if r.ok]
        self._match(rows, run)

    def _offer_missing(self, rows, run) -> None:
        offer_missing_businesses(rows, run)

    def _key(self, row) -> tuple:
        extra = row.extra
        business = extra.get("business")
        business_id = business.id if business is not None else ("new", extra["new_business"])
        own = extra["own"]
        return (business_id, *[own[n] if n in own else extra[n] for n in self.key_fields])

    def _key_part(self, row, name):
        own = row.extra["own"]
        return own[name] if name in own else row.extra[name]

    def _match(self, rows, run) -> None:
        model = self.model
        org = run.organization.pk
        fields = self._stored_fields()
        ids = {r.values["id"] for r in rows} - {None}
        by_id = (
            {v["pk"]: v for v in model.objects.filter(organization=org, pk__in=ids).values(*fields)}
            if ids
            else {}
        )
        keyed = [r for r in rows if r.values["id"] is None]
        keys = [self._key(r) for r in keyed]
        stored_by_key = self._stored_by_key(
            [r for r, key in zip(keyed, keys, strict=True) if "business" in r.extra],
            [key for r, key in zip(keyed, keys, strict=True) if "business" in r.extra],
            run,
            fields,
        )
        key_of = {id(r): key for r, key in zip(keyed, keys, strict=True)}
        key_label = str(self.key_label)
        seen: dict[tuple, int] = {}
        matched = []
        for row in rows:
            row_id = row.values["id"]
            if row_id is not None:
                target = by_id.get(row_id)
                if target is None:
                    row.error("id", _("No record with ID %(id)s in this chamber.") % {"id": row_id})
                    continue
                if "business" in row.extra and row.extra["business"].id != target["business_id"]:
                    row.error(
                        "business_id",
                        _("Record %(id)s belongs to another business.") % {"id": row_id},
                    )
                    continue
                if "business" not in row.extra:
                    row.extra["business_id"] = target["business_id"]
                match = _("ID")
            else:
                key = key_of[id(row)]
                if key in seen:
                    row.error(
                        self.key_fields[0] if self.key_fields else "business_name",
                        _("The same record is already on row %(row)s of this file.")
                        % {"row": seen[key]},
                    )
                    continue
                seen[key] = row.number
                target = stored_by_key.get(key)
                match = key_label if target else ""
            if target is not None:
                row.target = target
                row.match = match
                matched.append(row)
                continue
            row.action = Action.CREATE
            row.match = (
                _("new business 「%(name)s」") % {"name": row.extra["new_business"]}
                if "new_business" in row.extra
                else row.extra["business"].name
            )
        self._compare(matched)

    def _stored_fields(self) -> tuple[str, ...]:
        return (
            "pk",
            "business_id",
            *self.own_fields,
            *(name for name in self.key_fields if name not in self.own_fields),
        )

    def _stored_by_key(self, rows, keys, run, fields) -> dict[tuple, dict]:
        """{key: stored values} of the records the rows (found by natural key) may match.

        A row can match a stored record only if its business had records before the import
        began, or if an earlier row of this import had the same key; the first is asked of
        the database once per business (StoredKeys), the second is a Bloom filter of the keys
        met so far. Only those rows are looked up, so a first import of years of records
        queries for almost none of them.
        """
        stored = run.cache.get("stored_keys")
        if stored is None:
            stored = run.cache["stored_keys"] = StoredKeys(self.model, run.organization.pk)
        candidates = stored.candidates(rows, keys)
        if not candidates:
            return {}
        business_ids = {r.extra["business"].id for r in candidates}
        stored_rows = self.model.objects.filter(
            organization_id=run.organization.pk, business_id__in=business_ids
        )
        # Only the records sharing a row's day (or other own part of its key): a batch
        # never reads the businesses' whole history (which grows with the file as it is
        # written). A reference in the key (plan, staff member) narrows little more and costs
        # Django a conversion per value; the exact key is compared below.
        meta = self.model._meta
        for name in self.key_fields:
            if meta.get_field(name).is_relation:
                continue
            wanted = {self._key_part(r, name) for r in candidates}
            stored_rows = stored_rows.filter(**{f"{name}__in": wanted})
        return {
            (v["business_id"], *(v[n] for n in self.key_fields)): v
            for v in self.narrow(stored_rows, candidates).values(*fields)
        }

    def _compare(self, rows) -> None:
        """UPDATE or UNCHANGED for the rows that found their stored record (row.target)."""
        pks = [row.target["pk"] for row in rows]
        children = self.stored_children(pks) if pks and self.child_model is not None else {}
        for row in rows:
            target = row.target
            changed = [name for name in self.own_fields if row.extra["own"][name] != target[name]]
            child_changed = row.extra["children"] is not None and row.extra[
                "children"
            ] != children.get(target["pk"])
            row.extra["changed"] = changed
            row.extra["child_changed"] = child_changed
            row.action = Action.UPDATE if changed or child_changed else Action.UNCHANGED
            if row.action == Action.UPDATE:
                self.check_update(row, target)

    def check_update(self, row, stored: dict) -> None:
        """Refuse a change the record's state forbids (row.error); `stored` holds own_fields."""

    def conclude(self, run) -> list[tuple[int, str, str]]:
        return []

    # --- writing ------------------------------------------------------------------------

    def _inserters(self, run):
        inserters = run.cache.get("inserters")
        if inserters is None:
            record = bulk.Inserter(
                self.model, ("id", *RECORD_FACTS, *self.own_fields, *self.insert_only)
            )
            child = (
                bulk.Inserter(self.child_model, self.child_fields)
                if self.child_model is not None
                else None
            )
            inserters = run.cache["inserters"] = (record, child)
        return inserters

    def _deferred(self, run) -> bulk.DeferredIndexes:
        deferred = run.cache.get("deferred_indexes")
        if deferred is None:
            deferred = run.cache["deferred_indexes"] = deferred_indexes(
                self.model, self.child_model, self.child_parent
            )
        return deferred

    def write(self, rows, run) -> None:
        self._create_missing_businesses(rows, run)
        creates = [r for r in rows if r.action == Action.CREATE]
        record_inserter, child_inserter = self._inserters(run)
        ids = bulk.allocate_ids(self.model, len(creates))
        org = run.organization.pk
        facts = run.cache.setdefault("facts", {})
        own_values = _getter(self.own_fields)
        inserted = self.inserted if self.insert_only else None
        child_inserts = self.child_inserts if child_inserter is not None else None
        records, children = [], []
        append = records.append
        # Records of a district with a dated territory are judged on their own day, after the
        # INSERT, in one UPDATE (the common undated district keeps the fast constant flag).
        dated = []
        for pk, row in zip(ids, creates, strict=True):
            extra = row.extra
            business = extra["business"]
            business_id = business.id
            fact = facts.get(business_id)
            if fact is None:
                fact = facts[business_id] = (org, business_id, *_facts(business))
            if fact[-1]:
                dated.append(pk)
            record = (pk, *fact[:2], extra["staff_id"], *fact[2:-1], *own_values(extra["own"]))
            append(record + inserted(row) if inserted is not None else record)
            if child_inserts is not None:
                children.extend(child_inserts(pk, row, run))
        self._deferred(run).writing(len(records), of=len(rows), expected=run.expected_rows)
        record_inserter.insert(records)
        from bansou.dashboard import counts

        kind = counts.kind_of(self.model)
        updated = [r.target["pk"] for r in rows if r.action == Action.UPDATE]
        before = counts.facts_of_pks(counts.KINDS[kind], updated) if kind else []
        dated += self._write_updates(rows, run, children)
        if child_inserter is not None:
            child_inserter.insert(children)
        if dated:
            from bansou.businesses.territory import refresh_records_territory

            refresh_records_territory(self.model.objects.filter(pk__in=dated))
        # The dashboard's counts of the days written, in the import's transaction (no signal).
        counts.touch_pks(self.model, [*ids, *updated], before=before)

    def finish(self, run) -> None:
        deferred = run.cache.get("deferred_indexes")
        if deferred is not None:
            deferred.finish()
        super().finish(run)

    def _write_updates(self, rows, run, children: list) -> list[int]:
        """Write the changed records; returns those whose day changed (territory to judge)."""
        from bansou.audit.models import AuditEntry

        updates = [r for r in rows if r.action == Action.UPDATE]
        if not updates:
            return []
        moved = []
        day_fields = set(self.model.territory_date_fields)
        model = self.model
        meta = model._meta
        fields: set[str] = set()
        objects, entries, rechild = [], [], []
        for row in updates:
            target = row.target
            obj = model(pk=target["pk"], organization_id=run.organization.pk)
            changes = {}
            for name in row.extra["changed"]:
                setattr(obj, name, row.extra["own"][name])
                fields.add(name)
                changes[name] = {
                    "label": str(meta.get_field(name).verbose_name),
                    "old": _plain(target[name]),
                    "new": _plain(row.extra["own"][name]),
                }
            if row.extra["child_changed"]:
                rechild.append(target["pk"])
                children.extend(self.child_inserts(target["pk"], row, run))
                changes["children"] = {
                    "label": str(self.child_model._meta.verbose_name_plural),
                    "old": None,
                    "new": _("imported"),
                }
            objects.append(obj)
            obj.business_id = target["business_id"]
            if day_fields & set(row.extra["changed"]):
                moved.append(obj.pk)
            entry = AuditEntry(
                organization_id=run.organization.pk,
                actor=run.actor,
                action=f"{self.audit_prefix}.updated",
                target_type=meta.label_lower,
                target_id=obj.pk,
                target_repr=self._describe(row)[:200],
                changes=changes,
            )
            entries.append(entry)
        if fields:
            # A form opened before the import must not overwrite it (core/versioning.py).
            fields.update(bump_versions(objects))
            model.objects.bulk_update(objects, sorted(fields))
        if rechild:
            self.child_model.objects.filter(**{f"{self.child_parent}__in": rechild}).delete()
        AuditEntry.objects.bulk_create(entries)
        return moved

    def _describe(self, row) -> str:
        """How the audit log names an updated record: its business and natural key."""
        business = row.extra.get("business")
        own = row.extra["own"]
        parts = [business.name if business is not None else ""]
        parts += [_plain(own[n]) for n in self.key_fields if n in own and not n.endswith("_id")]
        return " ".join(str(p) for p in parts if p not in (None, ""))

    def _create_missing_businesses(self, rows, run) -> None:
        create_missing_businesses(rows, run)


# The keys an import has met, in a Bloom filter sized for this many at 1 % false positives
# (1.2 MB; beyond it the rate rises and only costs more exact look-ups).
SEEN_CAPACITY = 1_000_000


class StoredKeys:
    """Which rows of an import may find a stored record by their natural key.

    Those whose business had records of the kind before the import began (asked of the
    database once per business, the first time a batch names it: nothing of this import is
    written for it yet) and those whose key an earlier row of this import had (a Bloom
    filter: bounded in memory, never wrong when it says no).
    """

    def __init__(self, model, organization_id: int) -> None:
        from rbloom import Bloom

        self.model = model
        self.organization_id = organization_id
        self.seen = Bloom(SEEN_CAPACITY, 0.01)
        self.asked: set[int] = set()
        self.with_records: set[int] = set()

    def candidates(self, rows, keys) -> list:
        self._ask({row.extra["business"].id for row in rows})
        with_records, seen = self.with_records, self.seen
        found = [
            row
            for row, key in zip(rows, keys, strict=True)
            if key[0] in with_records or key in seen
        ]
        seen.update(keys)
        return found

    def _ask(self, business_ids: set[int]) -> None:
        new = business_ids - self.asked
        if not new:
            return
        self.with_records.update(
            self.model.objects.filter(organization_id=self.organization_id, business_id__in=new)
            .values_list("business_id", flat=True)
            .distinct()
        )
        self.asked.update(new)


def _getter(names: tuple[str, ...]):
    """A function giving the values of `names` from a dict, as a tuple."""
    if len(names) == 1:
        name = names[0]
        return lambda values: (values[name],)
    return itemgetter(*names)


def deferred_indexes(model, child_model=None, child_parent: str = "") -> bulk.DeferredIndexes:
    """The kind's indexes (and its children's) built at the end of a large SQLite import.

    Unique indexes stay (the database still refuses a duplicate as it is inserted), and so do
    those led by the business (the natural-key look-up of every batch reads them) or, in the
    children's table, by the parent (their comparison on re-import reads it).
    """
    tables = [model._meta.db_table]
    leading = {model._meta.get_field("business").column}
    related = []
    if child_model is not None:
        tables.append(child_model._meta.db_table)
        leading.add(child_model._meta.get_field(child_parent).column)
        related.append(child_model)
    keep = []
    if connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(tables))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                f"AND tbl_name IN ({marks}) AND sql IS NOT NULL",
                tables,
            )
            for name, sql in cursor.fetchall():
                head = sql.split("(", 1)[1].split(",", 1)[0].strip(' "`)')
                if sql.lstrip().upper().startswith("CREATE UNIQUE") or head in leading:
                    keep.append(name)
    return bulk.DeferredIndexes(model, keep=keep, related=related)


def _facts(business) -> tuple:
    """(district, in_territory, is_small, dated): a dated district's flag is judged per record."""
    district_id = business.district_id
    if not district_id:
        return (None, True, business.is_small, False)
    district = business.district
    return (district_id, district.in_territory, business.is_small, district.is_dated)


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


# --- the export and the template share the kind's columns ---------------------------------


def header(kind: ImportKind) -> list[str]:
    return [str(column.label) for column in kind.columns]


@cache
def exporter_for(kind_code: str) -> type[Exporter]:
    """An Exporter writing the kind's own columns, so that its file imports back unchanged."""

    class HistoryExporter(Exporter):
        filename_stem = kind_code.replace("_", "-")

        @property
        def kind(self):
            from .registry import get_import_kind

            return get_import_kind(kind_code)

        def sheet_title(self) -> str:
            return str(self.kind.label)

        def header(self) -> list[str]:
            return header(self.kind)

        def rows(self) -> Iterator[list]:
            kind = self.kind
            fields = [column.field for column in kind.columns]
            queryset = kind.export_queryset(self.queryset).order_by("pk")
            for record in queryset.iterator(chunk_size=2000):
                values = kind.export_values(record, self.date_style)
                yield [values.get(name) for name in fields]

    HistoryExporter.__name__ = f"{kind_code.title().replace('_', '')}HistoryExporter"
    return HistoryExporter


def business_cells(record) -> dict:
    business = record.business
    return {
        "business_id": business.pk,
        "business_corporate_number": business.corporate_number,
        "business_name": business.name,
    }


def staff_cell(record) -> str:
    return record.staff.username


def date_cell(value, date_style):
    return format_date(value, date_style)


def uses_postgresql() -> bool:
    return connection.vendor == "postgresql"


def template_xlsx(kind: ImportKind) -> bytes:
    """The kind's template (ひな形): its columns' Japanese headers and an example row."""
    from django.utils import translation

    from bansou.lib.tabular import render_xlsx

    with translation.override("ja"):
        rows = [[getattr(kind, "example", {}).get(c.field, "") for c in kind.columns]]
        return render_xlsx(header(kind), rows, sheet_title=str(kind.label))


def offer_missing_businesses(rows, run) -> None:
    """Rows whose business is not registered but named are marked (the preview lists them
    and offers to create them); with create_missing_businesses the business is created."""
    for row in rows:
        if row.ok or "business" in row.extra or not row.values.get("business_name"):
            continue
        only_missing = all(
            field_name in lookups.BUSINESS_REFERENCE_FIELDS for field_name, _m in row.errors
        )
        if not only_missing:
            continue
        name = row.values["business_name"]
        row.extra["missing_name"] = name
        # The row goes on to resolve() (in this process) which lists the business and,
        # unless the user agreed to create it, gives the error back.
        row.extra["missing_errors"] = row.errors
        row.errors = []
        if run.create_missing_businesses:
            row.extra["new_business"] = name


def create_missing_businesses(rows, run) -> None:
    """Businesses the user agreed to create (create_missing_businesses), once each."""
    from bansou.audit.models import AuditEntry
    from bansou.audit.services import unsaved_entry
    from bansou.businesses.industries import Industry
    from bansou.businesses.models import Business

    wanted = {r.extra["new_business"]: r for r in rows if "new_business" in r.extra and r.ok}
    if not wanted:
        return
    created = run.cache.setdefault("created_businesses", {})
    fresh = []
    for name, row in wanted.items():
        if name in created:
            continue
        business = Business(
            organization=run.organization,
            name=name,
            name_kana="",
            corporate_number=row.values.get("business_corporate_number") or "",
            phone=row.values.get("business_phone") or "",
            industry=Industry.T,  # 分類不能: the register's editor settles it later
        )
        business.refresh_derived()
        fresh.append(business)
    Business.objects.bulk_create(fresh)
    for business in fresh:
        business.district = None
        created[business.name] = business
    AuditEntry.objects.bulk_create(
        [unsaved_entry(b, "businesses.business.created", run.actor) for b in fresh]
    )
    by_id = run.cache.get("businesses", {}).get("id")
    for row in rows:
        name = row.extra.get("new_business")
        if name is not None:
            row.extra["business"] = created[name]
            if by_id is not None:
                by_id[created[name].pk] = created[name]
