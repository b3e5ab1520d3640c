"""What a backup file holds, checked before `bansou restore` replaces the database with it.

A restore replaces every row, so the file must be a bansou database: a SQLite file written by
`bansou backup` (it carries the bansou_backup table; a copy of bansou's database file without
it is accepted with a warning) or a pg_dump of one, holding django_migrations and bansou's own
tables. Its applied migrations must all be known to this code (a backup from a newer version
would leave tables this code does not understand); the ones it lacks are applied after the
restore. What will be replaced and what comes instead is summarised: chambers and row counts.
"""

from __future__ import annotations

import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from .backup import MARKER_TABLE, BackupError, _pg_env

# Tables every bansou database has; a file without them is not one.
REQUIRED_MODELS = ("organizations.Organization", "accounts.User", "businesses.Business")
# Rows counted in the summary, by model.
COUNTED_MODELS = (
    "organizations.Organization",
    "accounts.User",
    "businesses.Business",
    "support.SupportRecord",
    "audit.AuditEntry",
)


@dataclass
class DatabaseSummary:
    organizations: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # verbose name → rows


@dataclass
class BackupReport:
    marked: bool
    made_at: str
    summary: DatabaseSummary
    to_migrate: list[tuple[str, str]]  # migrations applied after the restore


def _table(label: str) -> str:
    return apps.get_model(label)._meta.db_table


def _label(label: str) -> str:
    return str(apps.get_model(label)._meta.verbose_name_plural)


def known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _not_a_backup(detail: str) -> BackupError:
    return BackupError(
        _("This file is not a bansou backup (%(detail)s); nothing was changed.")
        % {"detail": detail}
    )


def _compare_migrations(applied: set[tuple[str, str]]) -> list[tuple[str, str]]:
    known = known_migrations()
    unknown = sorted(applied - known)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:10])
        raise BackupError(
            _(
                "This backup was made by a newer version of bansou: its database has "
                "migrations this version does not know (%(names)s). Update bansou first, then "
                "restore; nothing was changed."
            )
            % {"names": names}
        )
    return sorted(known - applied)


def current_summary(alias: str = "default") -> DatabaseSummary:
    summary = DatabaseSummary()
    with connections[alias].cursor() as cursor:
        tables = set(connections[alias].introspection.table_names(cursor))
        for label in COUNTED_MODELS:
            if _table(label) in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{_table(label)}"')
                summary.counts[_label(label)] = cursor.fetchone()[0]
        if _table("organizations.Organization") in tables:
            cursor.execute(f'SELECT name FROM "{_table("organizations.Organization")}" ORDER BY id')
            summary.organizations = [row[0] for row in cursor.fetchall()]
    return summary


# --- SQLite -------------------------------------------------------------------------------


def inspect_sqlite(path: Path) -> BackupReport:
    with path.open("rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise _not_a_backup(_("it is not a SQLite database file"))
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "django_migrations" not in tables:
            raise _not_a_backup(_("it has no django_migrations table"))
        missing = [label for label in REQUIRED_MODELS if _table(label) not in tables]
        if missing:
            raise _not_a_backup(
                _("tables of bansou are missing: %(tables)s")
                % {"tables": ", ".join(_table(label) for label in missing)}
            )
        applied = set(db.execute("SELECT app, name FROM django_migrations"))
        to_migrate = _compare_migrations(applied)
        made_at = ""
        if MARKER_TABLE in tables:
            made_at = dict(db.execute(f"SELECT key, value FROM {MARKER_TABLE}")).get("made_at", "")
        summary = DatabaseSummary()
        for label in COUNTED_MODELS:
            if _table(label) in tables:
                summary.counts[_label(label)] = db.execute(
                    f'SELECT COUNT(*) FROM "{_table(label)}"'
                ).fetchone()[0]
        summary.organizations = [
            row[0]
            for row in db.execute(
                f'SELECT name FROM "{_table("organizations.Organization")}" ORDER BY id'
            )
        ]
    except sqlite3.DatabaseError as exc:
        raise _not_a_backup(str(exc)) from None
    finally:
        db.close()
    return BackupReport(MARKER_TABLE in tables, made_at, summary, to_migrate)


# --- PostgreSQL ---------------------------------------------------------------------------


def _pg_restore_output(path: Path, arguments: list[str], settings_dict: dict) -> str:
    completed = subprocess.run(
        ["pg_restore", *arguments, str(path)],
        env=_pg_env(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise _not_a_backup(completed.stderr.strip().splitlines()[-1][:200] or "pg_restore")
    return completed.stdout


def _pg_rows(path: Path, table: str, settings_dict: dict) -> tuple[list[str], list[list[str]]]:
    """The columns and rows of one table of a dump (its COPY data, tab-separated)."""
    text = _pg_restore_output(path, ["--data-only", f"--table={table}", "--file=-"], settings_dict)
    columns: list[str] = []
    rows: list[list[str]] = []
    copying = False
    for line in text.splitlines():
        if line.startswith("COPY ") and " FROM stdin;" in line:
            columns = [c.strip().strip('"') for c in line.split("(", 1)[1].split(")")[0].split(",")]
            copying = True
        elif copying and line == "\\.":
            copying = False
        elif copying:
            rows.append(line.split("\t"))
    return columns, rows


def inspect_pg_dump(path: Path, settings_dict: dict) -> BackupReport:
    with path.open("rb") as f:
        if f.read(5) != b"PGDMP":
            raise _not_a_backup(_("it is not a pg_dump file of bansou backup"))
    listing = _pg_restore_output(path, ["--list"], settings_dict)
    tables = {
        parts[parts.index("TABLE") + 2]
        for line in listing.splitlines()
        if not line.startswith(";") and " TABLE " in line
        for parts in [line.split()]
        if len(parts) > parts.index("TABLE") + 2
    }
    if "django_migrations" not in tables:
        raise _not_a_backup(_("it has no django_migrations table"))
    missing = [label for label in REQUIRED_MODELS if _table(label) not in tables]
    if missing:
        raise _not_a_backup(
            _("tables of bansou are missing: %(tables)s")
            % {"tables": ", ".join(_table(label) for label in missing)}
        )
    columns, rows = _pg_rows(path, "django_migrations", settings_dict)
    app, name = columns.index("app"), columns.index("name")
    to_migrate = _compare_migrations({(row[app], row[name]) for row in rows})
    summary = DatabaseSummary()
    for label in COUNTED_MODELS:
        if _table(label) in tables:
            columns, rows = _pg_rows(path, _table(label), settings_dict)
            summary.counts[_label(label)] = len(rows)
            if label == "organizations.Organization":
                summary.organizations = [row[columns.index("name")] for row in rows]
    return BackupReport(True, "", summary, to_migrate)


def inspect_backup(path: Path, alias: str = "default") -> BackupReport:
    if not path.is_file():
        raise BackupError(_("No such backup file: %(path)s") % {"path": path})
    connection = connections[alias]
    if connection.vendor == "sqlite":
        return inspect_sqlite(path)
    if connection.vendor == "postgresql":
        return inspect_pg_dump(path, connection.settings_dict)
    raise BackupError(f"no restore method for {connection.vendor}")
