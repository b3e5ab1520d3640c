"""The full-text index of the knowledge search, per database vendor (migration 0002).

SQLite: an FTS5 table with the trigram tokenizer over SupportRecord.search_text (external
content, keyed by the record id), kept in sync by triggers. PostgreSQL: pg_trgm and a GIN
trigram index on the same column, which accelerates LIKE '%…%'.

Django's SQLite schema editor rebuilds a table for many ALTERs and drops its triggers then;
a later migration that alters support_supportrecord must call `install(schema_editor)` again
(tests/test_fulltext.py fails when the triggers are missing).
"""

TABLE = "support_supportrecord"
FTS_TABLE = "support_record_fts"
INSERT_TRIGGER = "support_record_fts_ai"
TRIGGERS = (INSERT_TRIGGER, "support_record_fts_ad", "support_record_fts_au")
PG_INDEX = "support_record_search_trgm"

SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        search_text, content='{TABLE}', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS support_record_fts_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS support_record_fts_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS support_record_fts_au AFTER UPDATE OF search_text ON {TABLE}
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    # Index the rows that exist already (and repair an index a bulk load left stale).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_UNINSTALL = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRESQL_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} USING gin (search_text gin_trgm_ops)",
]
POSTGRESQL_UNINSTALL = [f"DROP INDEX IF EXISTS {PG_INDEX}"]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_UNINSTALL
    if vendor == "postgresql":
        return POSTGRESQL_INSTALL if install else POSTGRESQL_UNINSTALL
    return []  # other databases search with LIKE only (still correct, just slower)


def install(schema_editor) -> None:
    for sql in _statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(sql, params=None)


def uninstall(schema_editor) -> None:
    for sql in _statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(sql, params=None)


def index_inserted(connection, first_id: int, last_id: int) -> None:
    """What the insert trigger does, for the records first_id..last_id at once.

    For a bulk import that suspended the trigger (dataio.bulk.DeferredIndexes); SQLite only.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, search_text) SELECT id, search_text FROM {TABLE} "
                "WHERE id BETWEEN %s AND %s",
                [first_id, last_id],
            )


def rebuild(connection) -> None:
    """Re-index every row, e.g. after a bulk load that bypassed the triggers (SQLite only)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
