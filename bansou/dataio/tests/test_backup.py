"""`bansou backup` while the app runs and `bansou restore`: a restored copy equals the original."""

import io
import re
import sqlite3
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from bansou.businesses.models import Business
from bansou.dataio.backup import backup, pg_dump, pg_restore, sqlite_restore_into
from bansou.testing import make_business

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = ("organizations_organization", "businesses_business", "accounts_user", "audit_auditentry")


@pytest.fixture
def register(chamber_a, district_a, advisor_a):
    for i in range(30):
        make_business(
            chamber_a, district_a, name=f"事業者{i}", name_kana=f"ジギョウシャ{i}", employees=i
        )


def counts(cursor) -> dict[str, int]:
    result = {}
    for table in TABLES:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        result[table] = cursor.fetchone()[0]
    return result


def sample(cursor) -> list[tuple]:
    cursor.execute(
        "SELECT id, name, name_kana, employees FROM businesses_business ORDER BY id LIMIT 5"
    )
    return [tuple(row) for row in cursor.fetchall()]


def backup_to(path) -> None:
    # The backup itself (the command also writes an audit entry afterwards: audit tests).
    backup(path)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_backup_while_another_connection_writes(register, tmp_path):
    path = tmp_path / "backup.sqlite3"
    # Another process of the app is in the middle of a write transaction.
    writer = sqlite3.connect(connection.settings_dict["NAME"], timeout=5)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE businesses_business SET employees = 999")
    try:
        backup_to(path)
    finally:
        writer.rollback()
        writer.close()
    copy = sqlite3.connect(path)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with connection.cursor() as live:
        assert counts(copy.cursor()) == counts(live)
        assert sample(copy.cursor()) == sample(live)
    assert copy.execute("SELECT MAX(employees) FROM businesses_business").fetchone()[0] == 29


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_backup_restores_into_a_fresh_database(register, tmp_path):
    path, fresh_path = tmp_path / "backup.sqlite3", tmp_path / "fresh.sqlite3"
    backup_to(path)
    fresh = sqlite3.connect(fresh_path)
    sqlite_restore_into(path, fresh)
    with connection.cursor() as live:
        assert counts(fresh.cursor()) == counts(live)
        assert sample(fresh.cursor()) == sample(live)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_restore_command_brings_deleted_data_back(register, tmp_path, monkeypatch):
    path = tmp_path / "backup.sqlite3"
    backup_to(path)
    Business.objects.filter(employees__lt=10).delete()
    assert Business.objects.count() == 20
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError):
        call_command("restore", str(path), stdout=io.StringIO())
    assert Business.objects.count() == 20
    call_command("restore", str(path), "--yes", stdout=io.StringIO())
    assert Business.objects.count() == 30
    assert Business.objects.get(name="事業者3").employees == 3


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "nonsense.sqlite3"
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(path), "--yes")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_dump_and_restore_round_trip(register, tmp_path):
    settings_dict = dict(connection.settings_dict)
    path = tmp_path / "backup.dump"
    backup_to(path)
    copy = {**settings_dict, "NAME": f"{settings_dict['NAME']}_restored"}
    admin = psycopg.connect(
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{copy["NAME"]}"')
    admin.execute(f'CREATE DATABASE "{copy["NAME"]}"')
    try:
        pg_restore(copy, path)
        restored = psycopg.connect(
            host=copy["HOST"] or None,
            port=copy["PORT"] or None,
            user=copy["USER"] or None,
            password=copy["PASSWORD"] or None,
            dbname=copy["NAME"],
        )
        with restored, connection.cursor() as live:
            assert counts(restored.cursor()) == counts(live)
            assert sample(restored.cursor()) == sample(live)
        # A second dump of the same database restores over the first (pg_restore --clean).
        pg_dump(settings_dict, tmp_path / "again.dump")
        pg_restore(copy, tmp_path / "again.dump")
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy["NAME"]}" WITH (FORCE)')
        admin.close()


def test_restore_refuses_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"x" * 1000)
    with pytest.raises(CommandError, match="バックアップではありません"):
        call_command("restore", str(path), "--no-input")


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_restore_refuses_a_foreign_sqlite_file_and_changes_nothing(register, tmp_path):
    """A one-table SQLite file used to "restore" the whole database (emptying it)."""
    path = tmp_path / "other.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (body TEXT)")
    other.execute("INSERT INTO notes VALUES ('hello')")
    other.commit()
    other.close()
    with pytest.raises(CommandError, match="django_migrations"):
        call_command("restore", str(path), "--no-input")
    assert Business.objects.count() == 30


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_restore_refuses_a_backup_from_a_newer_schema(register, tmp_path):
    path = tmp_path / "backup.sqlite3"
    backup_to(path)
    newer = sqlite3.connect(path)
    newer.execute(
        "INSERT INTO django_migrations (app, name, applied) "
        "VALUES ('businesses', '9999_from_the_future', '2030-01-01')"
    )
    newer.commit()
    newer.close()
    Business.objects.filter(employees__lt=10).delete()
    with pytest.raises(CommandError, match="businesses.9999_from_the_future"):
        call_command("restore", str(path), "--no-input")
    assert Business.objects.count() == 20


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_good_backup_is_described_confirmed_and_restored_after_a_safety_backup(
    register, tmp_path, chamber_a, monkeypatch
):
    path = tmp_path / "backup.sqlite3"
    backup_to(path)
    # As if made before the latest migration of an app (one nothing depends on yet).
    graph = MigrationLoader(None).graph
    app, last = next(
        node
        for node in sorted(graph.leaf_nodes())
        if node[0] in ("businesses", "support", "evaluation") and not graph.node_map[node].children
    )
    older = sqlite3.connect(path)
    older.execute("DELETE FROM django_migrations WHERE app = ? AND name = ?", (app, last))
    older.commit()
    older.close()
    Business.objects.filter(employees__lt=10).delete()
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "yes")
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    printed = out.getvalue()
    assert asked and "yes" in asked[0]
    assert chamber_a.name in printed
    assert "事業者 30" in printed and "事業者 20" in printed  # the backup's, then the current
    assert f"{app}.{last}" in printed  # will be migrated after restoring
    safety = Path(re.search(r"(/\S+bansou-before-restore-\S+\.sqlite3)", printed).group(1))
    copy = sqlite3.connect(safety)
    assert copy.execute("SELECT COUNT(*) FROM businesses_business").fetchone()[0] == 20
    copy.close()
    assert Business.objects.count() == 30
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM django_migrations WHERE app = %s AND name = %s", [app, last]
        )
        assert cursor.fetchone()[0] == 1  # migrated again
        tables = connection.introspection.table_names(cursor)
    assert "bansou_backup" not in tables


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_restore_command_checks_describes_and_restores(register, tmp_path, chamber_a):
    path = tmp_path / "backup.dump"
    backup_to(path)
    Business.objects.filter(employees__lt=10).delete()
    foreign = tmp_path / "other.dump"
    foreign.write_bytes(b"PGDMP" + b"\x00" * 100)
    with pytest.raises(CommandError, match="バックアップではありません"):
        call_command("restore", str(foreign), "--no-input")
    out = io.StringIO()
    call_command("restore", str(path), "--no-input", stdout=out)
    printed = out.getvalue()
    assert chamber_a.name in printed and "事業者 30" in printed and "事業者 20" in printed
    assert re.search(r"bansou-before-restore-\S+\.dump", printed)
    assert Business.objects.count() == 30
