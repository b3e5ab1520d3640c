"""The fast write path of large imports: prepared values and deferred indexes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from bansou.dataio import bulk, engine
from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file
from bansou.support.models import LOCAL_TZ, SupportRecord, SupportRecordTheme
from bansou.support.search import knowledge_search

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's own write path (PostgreSQL writes inline)"
)
HEADER = ["日付", "時刻", "法人番号", "支援方法", "テーマ", "担当者", "支援内容"]


def schema(tables=("support_supportrecord", "support_supportrecordtheme")) -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN (%s, %s) ORDER BY name",
            list(tables),
        )
        return cursor.fetchall()


def support_rows(business, count: int, *, bad_at: int | None = None) -> list[list]:
    rows = [HEADER]
    for i in range(count):
        day = "2024/4/31" if i == bad_at else f"2024/{4 + i % 9}/{1 + i % 28}"
        rows.append(
            [
                day,
                f"{9 + i % 8}:00",
                business.corporate_number,
                "巡回",
                "DX、補助金",
                "sato",
                f"展示会の出展準備{i}番",
            ]  # fmt: skip
        )
    return rows


def run(path, chamber):
    return import_file(get_import_kind("support_records"), path, organization=chamber)


@sqlite_only
@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(LOCAL_TZ)
    )
)
def test_sqlite_datetimes_are_stored_as_django_stores_them(moment):
    field = SupportRecord._meta.get_field("occurred_at")
    assert bulk.db_value(field)(moment) == field.get_db_prep_save(moment, connection)


def test_inserter_fills_defaults_and_refers_to_allocated_ids(chamber_a, business_a, staff_a):
    record = SupportRecord.objects.create(
        organization=chamber_a, business=business_a, staff=staff_a,
        occurred_at=datetime(2024, 5, 1, 1, 0, tzinfo=UTC), channel="visit",
    )  # fmt: skip
    inserter = bulk.Inserter(SupportRecordTheme, ("organization", "record", "theme"))
    assert inserter.insert([(chamber_a.pk, record.pk, "dx")]) == 1
    assert list(record.themes.values_list("theme", flat=True)) == ["dx"]


@sqlite_only
def test_a_large_import_builds_the_indexes_at_the_end_and_keeps_the_schema(
    chamber_a, business_a, staff_a, write_file, monkeypatch
):
    monkeypatch.setattr(engine, "BATCH_SIZE", 10)
    monkeypatch.setattr(bulk.DeferredIndexes, "MIN_ROWS", 20)
    switched = []
    real_drop = bulk.DeferredIndexes._drop

    def drop(self):
        switched.append(self.written)
        real_drop(self)

    monkeypatch.setattr(bulk.DeferredIndexes, "_drop", drop)
    before = schema()
    result, job = run(write_file(support_rows(business_a, 95)), chamber_a)
    assert result.committed and result.counts["create"] == 95
    assert switched == [20]  # before the third batch of ten, the table being empty
    assert schema() == before
    assert SupportRecord.objects.count() == 95
    assert SupportRecordTheme.objects.count() == 190
    # Rows written before and after the switch are all in the full-text index.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO support_record_fts(support_record_fts) VALUES ('integrity-check')"
        )
    for number in (3, 93):  # written before and after the switch
        found = [r.support for r in knowledge_search(staff_a, f"出展準備{number}番")]
        assert found == [f"展示会の出展準備{number}番"]
    # The next import of the same file adds nothing (the duplicate check read the live index).
    again, _job = run(write_file(support_rows(business_a, 95), name="again.csv"), chamber_a)
    assert again.counts["unchanged"] == 95 and SupportRecord.objects.count() == 95


@sqlite_only
def test_a_refused_large_import_rolls_back_rows_and_dropped_indexes(
    chamber_a, business_a, staff_a, write_file, monkeypatch
):
    monkeypatch.setattr(engine, "BATCH_SIZE", 10)
    monkeypatch.setattr(bulk.DeferredIndexes, "MIN_ROWS", 20)
    before = schema()
    result, job = run(write_file(support_rows(business_a, 95, bad_at=90)), chamber_a)
    assert not result.committed and job is None
    assert [(p.row, p.column) for p in result.problems.first] == [(92, "日付 (A)")]
    assert schema() == before
    assert SupportRecord.objects.count() == 0 and SupportRecordTheme.objects.count() == 0


def test_the_switch_waits_for_enough_rows_and_a_small_table(chamber_a, monkeypatch):
    deferred = bulk.DeferredIndexes(SupportRecord)
    deferred.enabled = True
    deferred.existing = 600_000
    monkeypatch.setattr(deferred, "_drop", lambda: setattr(deferred, "active", True))
    assert not deferred.writing(19_999)
    assert not deferred.writing(80_000)  # 19,999 written: too few rows so far
    assert not deferred.writing(0)  # nothing to insert: no switch for nothing
    assert not deferred.writing(1)  # 99,999 × 6 < 600,000: maintaining is cheaper
    assert deferred.writing(1)  # 100,000 × 6 ≥ 600,000, and rows are coming


def test_moments_in_the_past_and_future(chamber_a):
    # A moment without a zone takes Django's own path (and its warning-free conversion).
    field = SupportRecord._meta.get_field("occurred_at")
    convert = bulk.db_value(field)
    aware = datetime(2024, 4, 1, 9, 0, tzinfo=LOCAL_TZ) + timedelta(microseconds=5)
    assert convert(aware) == field.get_db_prep_save(aware, connection)
