"""Fast inserts for large imports: executemany with ids allocated up front.

Django's bulk_create builds each row through the SQL compiler, about 60 µs per row for a
support record; an import of 100,000 records must write faster than that (issue: 20,000
rows/s). Rows here are plain tuples, values prepared only for the field types that need it,
written many rows per INSERT, with ids allocated before inserting so that child rows
(themes) can refer to their parent in the same batch.
Every concrete field the caller does not provide gets its default, so a field added to the
model later with a default needs no change here. DeferredIndexes builds a table's secondary
indexes once at the end of a large SQLite import instead of row by row.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import chain

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

# Many rows per INSERT statement: SQLite's FTS5 triggers (support's knowledge search) cost
# about 60 µs per *statement*, so executemany of single rows is 4× slower than this.
ROWS_PER_STATEMENT = 200
MAX_PARAMS = 30_000  # below SQLite's 32,766 and PostgreSQL's 65,535 parameters
PREPARED_CACHE = 4096
IMPORT_CACHE_KIB = 64 * 1024


@contextmanager
def large_write_cache() -> Iterator[None]:
    """A bigger SQLite page cache for this connection while an import writes.

    SQLite's default cache is 2 MB; a 100,000-row import touches the pages of a dozen indexes
    and spills without it (measured: 13.2 s → 11.0 s for 100,000 support records). The
    cache is capped, so memory does not grow with the file; other databases manage their own.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


IMPORT_GC_THRESHOLD = 10_000
_gc_lock = threading.Lock()
_gc_state = {"depth": 0, "threshold": None}


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cycle collector, tuned for the length of an import.

    An import allocates millions of short-lived objects (rows, cells, values); every 2,000
    of them CPython runs a collection, and every few hundred of those a full one that walks
    every object the process holds (Django and its apps: hundreds of thousands). Measured on
    100,000 support records: 0.7 s of the import. Meanwhile the objects that existed before
    the import are frozen (gc.freeze: a full collection skips them) and collections run
    every IMPORT_GC_THRESHOLD allocations; the rows are freed by reference counting as each
    batch is done, so memory stays bounded. Process-wide, so nested and concurrent imports
    share one setting, restored when the last of them ends.
    """
    with _gc_lock:
        if _gc_state["depth"] == 0:
            _gc_state["threshold"] = gc.get_threshold()
            first, *older = _gc_state["threshold"]
            gc.freeze()
            gc.set_threshold(max(first, IMPORT_GC_THRESHOLD), *older)
        _gc_state["depth"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["depth"] -= 1
            if _gc_state["depth"] == 0:
                gc.set_threshold(*_gc_state["threshold"])
                gc.unfreeze()


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model`; call inside the import's transaction.

    PostgreSQL takes them from the table's sequence (safe under concurrency). SQLite runs
    the import in a BEGIN IMMEDIATE transaction (settings: transaction_mode), so this
    connection holds the write lock and no other writer can take the same ids; the table is
    AUTOINCREMENT, so ids above both the largest row and the sequence are never reused.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT MAX({connection.ops.quote_name(pk_column)}) FROM "
                f"{connection.ops.quote_name(table)}"
            )
            largest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            sequence = cursor.fetchone()
            start = max(largest, sequence[0] if sequence else 0) + 1
            return list(range(start, start + count))
    raise NotImplementedError(f"no id allocation for {connection.vendor}")


def _sqlite_datetime(field: models.DateTimeField) -> Callable:
    """Django's SQLite form of an aware datetime (UTC, naive, str()) without its checks.

    Django's path costs about 5 µs a value and an import's moments rarely repeat; this one
    about 1 µs. Naive values (and anything unusual) take Django's own path.
    """
    django_prepare = field.get_db_prep_save

    def prepare(value, conn):
        if value.__class__ is datetime and value.tzinfo is not None:
            return str(value.astimezone(UTC).replace(tzinfo=None))
        return django_prepare(value, conn)

    return prepare


def db_value(field: models.Field) -> Callable:
    """field.get_db_prep_save for one field, remembering recent values (dates repeat a lot).

    The cache is bounded, so memory does not grow with the number of rows imported.
    """
    cache: dict = {}
    prepare = field.get_db_prep_save
    if (
        isinstance(field, models.DateTimeField)
        and connection.vendor == "sqlite"
        and settings.USE_TZ
        and connection.timezone == UTC
    ):
        prepare = _sqlite_datetime(field)

    def convert(value):
        try:
            return cache[value]
        except KeyError:
            prepared = prepare(value, connection)
            if len(cache) >= PREPARED_CACHE:
                cache.clear()
            cache[value] = prepared
            return prepared

    return convert


def _preparer(field: models.Field) -> Callable | None:
    """How a Python value of this field becomes a database parameter (None: as it is)."""
    if isinstance(field, models.DateTimeField | models.DateField | models.TimeField):
        return db_value(field)
    if isinstance(field, models.DecimalField | models.UUIDField):
        return db_value(field)
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _default(field: models.Field):
    """The value of a field the caller does not give: its default, or now() for auto_now."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.get_db_prep_save(timezone.now(), connection)
    if field.has_default():
        if callable(field.default):
            return lambda: field.get_db_prep_save(field.get_default(), connection)
        return field.get_db_prep_save(field.get_default(), connection)
    if field.null:
        return None
    if field.empty_strings_allowed and field.blank:
        return ""
    raise ValueError(f"{field.model._meta.label}.{field.name} has no default: provide it")


class Inserter:
    """INSERT rows of `model` given as tuples in the order of `field_names` (attnames)."""

    def __init__(
        self,
        model: type[models.Model],
        field_names: Sequence[str],
        *,
        prepared: Sequence[str] = (),
    ) -> None:
        """`prepared`: fields whose values the caller gives in database form already."""
        meta = model._meta
        given = [meta.get_field(name) for name in field_names]
        given_names = {f.name for f in given}
        # The database numbers rows itself unless the caller allocated ids (allocate_ids).
        missing = [
            f
            for f in meta.concrete_fields
            if f.name not in given_names and not (f.primary_key and isinstance(f, models.AutoField))
        ]
        self.defaults = [_default(f) for f in missing]
        fields = [*given, *missing]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        self.head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
        self.one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        self.row_qmark = "(" + ", ".join(["?"] * len(fields)) + ")"
        self.rows_per_statement = max(1, min(ROWS_PER_STATEMENT, MAX_PARAMS // len(fields)))
        self.preparers = [
            (i, p)
            for i, f in enumerate(given)
            if f.name not in prepared and f.attname not in prepared and (p := _preparer(f))
        ]

    def _database_rows(self, rows: Iterable[Sequence]) -> list[Sequence]:
        """Each row with its values prepared and the defaults appended."""
        defaults, preparers = self.defaults, self.preparers
        fixed = None if any(callable(d) for d in defaults) else tuple(defaults)
        if not preparers and fixed is not None:
            return [(*row, *fixed) for row in rows]  # given in database form already
        prepared = []
        for row in rows:
            values = list(row)
            for index, prepare in preparers:
                if values[index] is not None:
                    values[index] = prepare(values[index])
            if fixed is not None:
                values.extend(fixed)
            else:
                values.extend(d() if callable(d) else d for d in defaults)
            prepared.append(values)
        return prepared

    def insert(self, rows: Iterable[Sequence]) -> int:
        prepared = self._database_rows(rows)
        step = self.rows_per_statement
        if connection.vendor == "sqlite":
            # The DB-API cursor of the same connection (so the same transaction) with qmark
            # placeholders: Django's wrapper rewrites every %s of a 4,000-parameter statement.
            connection.ensure_connection()
            cursor, head, one_row = connection.connection.cursor(), self.head, self.row_qmark
        else:
            cursor, head, one_row = connection.cursor(), self.head, self.one_row
        full_sql = head + ", ".join([one_row] * step)
        try:
            for start in range(0, len(prepared), step):
                chunk = prepared[start : start + step]
                sql = full_sql if len(chunk) == step else head + ", ".join([one_row] * len(chunk))
                cursor.execute(sql, list(chain.from_iterable(chunk)))
        finally:
            cursor.close()
        return len(prepared)


class DeferredIndexes:
    """SQLite: a large import builds a table's secondary indexes once, at the end.

    Maintaining an index row by row costs a B-tree insertion at a random place per row and
    index; building it afterwards is one sort. Measured on 100,000 support records (nine
    indexes and the full-text trigger): 5.5 s maintained, 2.7 s dropped and built at the end.
    Building reads the whole table (every chamber's rows), so the switch is made only once
    this import has written MIN_ROWS rows and at least 1/RATIO of what the table held
    before it began (at that point building costs less than maintaining); an import that is
    expected to reach that size (estimated from the file) switches at once. Indexes in `keep`
    stay live because the import reads through them (the duplicate check); triggers in
    `suspend` are dropped with the indexes, and the caller does their work itself while
    `active` (support records index each batch's text for the knowledge search).

    Everything happens inside the import's transaction: a refused import rolls the dropped
    indexes back with the rows, and `finish()` recreates them from the exact SQL the schema
    held, so the schema after the import is the schema before it. Other connections keep
    reading the last committed state (WAL) and cannot write meanwhile (BEGIN IMMEDIATE).
    Other databases: nothing happens (PostgreSQL maintains its indexes itself).
    """

    MIN_ROWS = 20_000
    RATIO = 6

    def __init__(
        self,
        model: type[models.Model],
        *,
        keep: Sequence[str] = (),
        suspend: Sequence[str] = (),
        related: Sequence[type[models.Model]] = (),
    ) -> None:
        self.tables = [m._meta.db_table for m in (model, *related)]
        self.keep = set(keep)
        self.suspend = set(suspend)
        self.enabled = connection.vendor == "sqlite"
        self.active = False
        self.written = 0
        self.seen = 0
        self.dropped: list[str] = []
        self.model = model
        self.existing: int | None = None  # read when the import first reaches MIN_ROWS

    def _existing(self) -> int:
        """The rows the table held before: its largest id, an upper bound read from the end
        of the rowid B-tree (COUNT(*) would walk a million rows on every large import)."""
        if self.existing is None:
            pk = self.model._meta.pk.column
            table = self.model._meta.db_table
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")
                self.existing = max((cursor.fetchone()[0] or 0) - self.written, 0)
        return self.existing

    def writing(self, count: int, *, of: int | None = None, expected: int | None = None) -> bool:
        """Call before inserting `count` rows, taken from `of` rows of the file (the rest
        matched stored records); `expected` is how many rows the whole file holds, estimated.

        Switches to deferred indexes when the rows this import writes make building cheaper
        than maintaining: the rows written so far, or the rows it will write if the file
        goes on as it began (so a large new file switches at its first batch, and a
        re-import that adds a few rows does not). A switch is always followed by rows to
        insert. Returns `active`: the suspended triggers' work is then the caller's."""
        self.seen += count if of is None else of
        if count and self.enabled and not self.active:
            coming = self.written + count
            if expected and self.seen:
                coming = max(coming, expected * coming // self.seen)
            if coming >= self.MIN_ROWS and coming * self.RATIO >= self._existing():
                self._drop()
        self.written += count
        return self.active

    def _drop(self) -> None:
        marks = ", ".join(["%s"] * len(self.tables))
        with connection.cursor() as cursor:
            # Only objects with SQL: the automatic indexes of UNIQUE constraints stay.
            cursor.execute(
                f"SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ({marks}) "
                "AND type IN ('index', 'trigger') AND sql IS NOT NULL",
                self.tables,
            )
            objects = cursor.fetchall()
            for kind, name, sql in objects:
                if (kind == "index" and name not in self.keep) or (
                    kind == "trigger" and name in self.suspend
                ):
                    cursor.execute(f"DROP {kind.upper()} {connection.ops.quote_name(name)}")
                    self.dropped.append(sql)
        self.active = True

    def finish(self) -> None:
        """Recreate what was dropped (inside the transaction, before it commits)."""
        if not self.active:
            return
        with connection.cursor() as cursor:
            for sql in self.dropped:
                cursor.execute(sql)
        self.dropped = []
        self.active = False
