"""The full-text index of the knowledge search, per database vendor (migrations 0002, 0007).

SQLite: an FTS5 table with the trigram tokenizer over SupportRecord.search_text (external
content, keyed by the record id), kept in sync by triggers. PostgreSQL: pg_trgm and a GIN
trigram index on the same column, which accelerates LIKE '%…%'.

Terms of one or two characters have no trigram. For them both databases also index every
character and every pair of adjacent characters of the text (grams_of; whitespace never
belongs to a term, so no gram spans it):
- SQLite: a contentless FTS5 table (detail=none: only which records hold a gram) filled by
  triggers through the application function bansou_grams(), which every connection of the
  product registers (register_functions). Writing support_supportrecord from a tool without
  that function (the sqlite3 shell) fails, and says so, rather than leave the index stale.
- PostgreSQL: an immutable SQL function bansou_grams(text) → text[] and a GIN index on it;
  `bansou_grams(search_text) @> ARRAY[term]` finds the candidates, LIKE still decides.

Since issue 17 the search (search.py) reads the index of characters and pairs for every term,
long ones as their pairs (one MATCH, or one GIN scan, intersects all the words); SQLite's
trigram table is no longer read by it, and PostgreSQL's trigram index only where the planner
combines it with the gram index. Both are still kept current; dropping them is a later
migration's choice (it would make writes and imports cheaper).

Django's SQLite schema editor rebuilds a table for many ALTERs and drops its triggers then;
a later migration that alters support_supportrecord must call `install(schema_editor)` again
(tests/test_fulltext.py fails when the triggers are missing).
"""

TABLE = "support_supportrecord"
FTS_TABLE = "support_record_fts"
INSERT_TRIGGER = "support_record_fts_ai"
TRIGGERS = (INSERT_TRIGGER, "support_record_fts_ad", "support_record_fts_au")
PG_INDEX = "support_record_search_trgm"
GRAM_TABLE = "support_record_grams"
GRAM_FUNCTION = "bansou_grams"
GRAM_INSERT_TRIGGER = "support_record_grams_ai"
GRAM_TRIGGERS = (GRAM_INSERT_TRIGGER, "support_record_grams_ad", "support_record_grams_au")
PG_GRAM_INDEX = "support_record_grams_gin"

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
SQLITE_GRAMS_INSTALL = [
    # Characters and pairs (contentless: a delete names the grams the row was indexed with).
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {GRAM_TABLE} USING fts5(
        grams, content='', detail='none')""",
    f"""CREATE TRIGGER IF NOT EXISTS support_record_grams_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {GRAM_TABLE}(rowid, grams) VALUES (new.id, {GRAM_FUNCTION}(new.search_text));
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS support_record_grams_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {GRAM_TABLE}({GRAM_TABLE}, rowid, grams)
        VALUES ('delete', old.id, {GRAM_FUNCTION}(old.search_text));
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS support_record_grams_au
    AFTER UPDATE OF search_text ON {TABLE} BEGIN
        INSERT INTO {GRAM_TABLE}({GRAM_TABLE}, rowid, grams)
        VALUES ('delete', old.id, {GRAM_FUNCTION}(old.search_text));
        INSERT INTO {GRAM_TABLE}(rowid, grams) VALUES (new.id, {GRAM_FUNCTION}(new.search_text));
    END""",
    f"INSERT INTO {GRAM_TABLE}({GRAM_TABLE}) VALUES ('delete-all')",
    f"INSERT INTO {GRAM_TABLE}(rowid, grams) SELECT id, {GRAM_FUNCTION}(search_text) FROM {TABLE}",
]
SQLITE_INSTALL += SQLITE_GRAMS_INSTALL
SQLITE_UNINSTALL = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in (*TRIGGERS, *GRAM_TRIGGERS)),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
    f"DROP TABLE IF EXISTS {GRAM_TABLE}",
]
POSTGRESQL_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} USING gin (search_text gin_trgm_ops)",
]
POSTGRESQL_GRAMS_INSTALL = [
    # The same grams as grams_of (\\s: PostgreSQL's whitespace; a term never holds any).
    f"""CREATE OR REPLACE FUNCTION {GRAM_FUNCTION}(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
        SELECT coalesce(array_agg(DISTINCT g), '{{}}') FROM (
            SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) AS i
            UNION ALL
            SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
        ) AS grams WHERE g !~ '\\s'
    $$""",
    f"""CREATE INDEX IF NOT EXISTS {PG_GRAM_INDEX} ON {TABLE}
    USING gin ({GRAM_FUNCTION}(search_text))""",
]
POSTGRESQL_INSTALL += POSTGRESQL_GRAMS_INSTALL
POSTGRESQL_UNINSTALL = [
    f"DROP INDEX IF EXISTS {PG_INDEX}",
    f"DROP INDEX IF EXISTS {PG_GRAM_INDEX}",
    f"DROP FUNCTION IF EXISTS {GRAM_FUNCTION}(text)",
]


def grams_of(text: str | None) -> str:
    """Every character and pair of adjacent characters outside whitespace, as FTS5 tokens
    (hexadecimal code points, a pair joined by "x"), each once, sorted."""
    if not text:
        return ""
    grams: set[str] = set()
    previous = ""
    for char in text:
        if char.isspace():
            previous = ""
            continue
        code = f"{ord(char):x}"
        grams.add(code)
        if previous:
            grams.add(f"{previous}x{code}")
        previous = code
    return " ".join(sorted(grams))


def gram_token(term: str) -> str:
    """The FTS5 token of a term of one or two characters (what grams_of stores for it)."""
    return "x".join(f"{ord(char):x}" for char in term)


def register_functions(sender=None, connection=None, **kwargs) -> None:
    """connection_created receiver: SQLite connections get bansou_grams()."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(GRAM_FUNCTION, 1, grams_of, deterministic=True)


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_UNINSTALL
    if vendor == "postgresql":
        return POSTGRESQL_INSTALL if install else POSTGRESQL_UNINSTALL
    return []  # other databases search with LIKE only (still correct, just slower)


def _ready(connection) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        register_functions(connection=connection)


def install(schema_editor) -> None:
    _ready(schema_editor.connection)
    for sql in _statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(sql, params=None)


def install_grams(schema_editor) -> None:
    """Only the index of characters and pairs (migration 0007)."""
    _ready(schema_editor.connection)
    statements = {"sqlite": SQLITE_GRAMS_INSTALL, "postgresql": POSTGRESQL_GRAMS_INSTALL}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def uninstall_grams(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [
            *(f"DROP TRIGGER IF EXISTS {name}" for name in GRAM_TRIGGERS),
            f"DROP TABLE IF EXISTS {GRAM_TABLE}",
        ]
    elif vendor == "postgresql":
        statements = [
            f"DROP INDEX IF EXISTS {PG_GRAM_INDEX}",
            f"DROP FUNCTION IF EXISTS {GRAM_FUNCTION}(text)",
        ]
    else:
        statements = []
    for sql in statements:
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
            cursor.execute(
                f"INSERT INTO {GRAM_TABLE}(rowid, grams) "
                f"SELECT id, {GRAM_FUNCTION}(search_text) FROM {TABLE} WHERE id BETWEEN %s AND %s",
                [first_id, last_id],
            )


def rebuild(connection) -> None:
    """Re-index every row, e.g. after a bulk load that bypassed the triggers (SQLite only)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {GRAM_TABLE}({GRAM_TABLE}) VALUES ('delete-all')")
            cursor.execute(
                f"INSERT INTO {GRAM_TABLE}(rowid, grams) "
                f"SELECT id, {GRAM_FUNCTION}(search_text) FROM {TABLE}"
            )
