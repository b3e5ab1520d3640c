"""Backups while the app runs, and restoring them.

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot page
by page while other processes keep reading and writing; copying the file (or its -wal) is not
safe. PostgreSQL: pg_dump in its custom format, restored with pg_restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

SQLITE_SUFFIX = ".sqlite3"
POSTGRES_SUFFIX = ".dump"
# The table `bansou backup` adds to its SQLite copy, so that `bansou restore` knows the file
# for one of its backups (backup_check.py); it is dropped from the database a restore fills.
MARKER_TABLE = "bansou_backup"


class BackupError(Exception):
    pass


def backups_dir() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def default_path(alias: str = "default") -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    suffix = SQLITE_SUFFIX if vendor(alias) == "sqlite" else POSTGRES_SUFFIX
    return backups_dir() / f"bansou-{stamp}{suffix}"


def backup(destination: Path | None = None, *, alias: str = "default") -> Path:
    destination = destination or default_path(alias)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if vendor(alias) == "sqlite":
        _sqlite_backup(destination, alias)
    elif vendor(alias) == "postgresql":
        _pg_dump(destination, alias)
    else:
        raise BackupError(f"no backup method for {vendor(alias)}")
    return destination


def restore(source: Path, *, alias: str = "default") -> None:
    """Replace the database's content with the backup's (the caller has confirmed)."""
    if not source.is_file():
        raise BackupError(f"no such backup file: {source}")
    if vendor(alias) == "sqlite":
        _sqlite_restore(source, alias)
    elif vendor(alias) == "postgresql":
        _pg_restore(source, alias)
    else:
        raise BackupError(f"no restore method for {vendor(alias)}")


# --- SQLite -------------------------------------------------------------------------------


def _sqlite_backup(destination: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        # pages=-1 copies everything in one step under a read lock: WAL mode lets writers
        # carry on meanwhile, and the copy is the database as of one instant.
        connection.connection.backup(target, pages=-1)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        target.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (key TEXT PRIMARY KEY, value TEXT)"
        )
        target.execute(
            f"INSERT OR REPLACE INTO {MARKER_TABLE} VALUES ('made_at', ?)",
            (timezone.localtime().isoformat(timespec="seconds"),),
        )
        target.commit()
    finally:
        target.close()
    check = sqlite3.connect(partial)
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("the backup failed its integrity check")
    finally:
        check.close()
    os.replace(partial, destination)


def sqlite_restore_into(source: Path, target: sqlite3.Connection) -> None:
    """Copy a backup file over the database of an open connection (pages replaced in place)."""
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("the backup file is damaged")
        backup_db.backup(target, pages=-1)
        target.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
        target.commit()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"not a SQLite backup: {exc}") from None
    finally:
        backup_db.close()


def _sqlite_restore(source: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    sqlite_restore_into(source, connection.connection)


# --- PostgreSQL ---------------------------------------------------------------------------


def _pg_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")


def pg_dump(settings_dict: dict, destination: Path) -> None:
    partial = destination.with_name(destination.name + ".partial")
    _run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", settings_dict["NAME"]],
        _pg_env(settings_dict),
    )
    os.replace(partial, destination)


def pg_restore(settings_dict: dict, source: Path) -> None:
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={settings_dict['NAME']}",
            str(source),
        ],
        _pg_env(settings_dict),
    )


def _pg_dump(destination: Path, alias: str) -> None:
    pg_dump(connections[alias].settings_dict, destination)


def _pg_restore(source: Path, alias: str) -> None:
    connections[alias].close()
    pg_restore(connections[alias].settings_dict, source)
