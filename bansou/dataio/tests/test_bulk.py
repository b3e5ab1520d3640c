"""The fast write path of large imports: prepared values and deferred indexes."""

import gc
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


@pytest.fixture
def switched(monkeypatch) -> list[int]:
    """The rows written when each import switched to deferred indexes."""
    rows_written = []
    real_drop = bulk.DeferredIndexes._drop

    def drop(self):
        rows_written.append(self.written)
        real_drop(self)

    monkeypatch.setattr(bulk.DeferredIndexes, "_drop", drop)
    return rows_written


def import_committed(monkeypatch, path, chamber, count: int, *, batch: int, min_rows: int):
    """Import `count` new records in batches of `batch`, switching from `min_rows` on; the
    schema after is the schema before."""
    monkeypatch.setattr(engine, "BATCH_SIZE", batch)
    monkeypatch.setattr(bulk.DeferredIndexes, "MIN_ROWS", min_rows)
    before = schema()
    result, _job = run(path, chamber)
    assert result.committed and result.counts["create"] == count
    assert schema() == before
    return result


@sqlite_only
def test_a_large_import_builds_the_indexes_at_the_end_and_keeps_the_schema(
    chamber_a, business_a, staff_a, write_file, monkeypatch, switched
):
    path = write_file(support_rows(business_a, 95))
    import_committed(monkeypatch, path, chamber_a, 95, batch=10, min_rows=20)
    # Before the second batch of ten (with it, 20 rows), the table being empty; the file is
    # one read-ahead chunk long, so its estimate was no more than the rows read.
    assert switched == [10]
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
def test_a_file_estimated_large_builds_the_indexes_at_the_end_from_its_first_batch(
    chamber_a, business_a, staff_a, write_file, monkeypatch, switched
):
    path = write_file(support_rows(business_a, 2000))
    import_committed(monkeypatch, path, chamber_a, 2000, batch=200, min_rows=1000)
    assert switched == [0]  # 200 rows read of about 2,000 expected
    found = [r.support for r in knowledge_search(staff_a, "出展準備7番")]
    assert found == ["展示会の出展準備7番"]


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


def _deferred(monkeypatch, existing: int) -> bulk.DeferredIndexes:
    deferred = bulk.DeferredIndexes(SupportRecord)
    deferred.enabled = True
    deferred.existing = existing
    monkeypatch.setattr(deferred, "_drop", lambda: setattr(deferred, "active", True))
    return deferred


def test_the_switch_waits_for_enough_rows_and_a_small_table(chamber_a, monkeypatch):
    deferred = _deferred(monkeypatch, 600_000)
    assert not deferred.writing(19_999)  # too few rows
    assert not deferred.writing(0)  # nothing to insert: no switch for nothing
    assert not deferred.writing(79_999)  # 99,998 × 6 < 600,000: maintaining is cheaper
    assert not deferred.writing(1)  # 99,999 × 6 < 600,000
    assert deferred.writing(1)  # 100,000 × 6 ≥ 600,000, and these rows are coming


def test_a_file_expected_to_be_large_switches_at_its_first_batch(chamber_a, monkeypatch):
    deferred = _deferred(monkeypatch, 0)
    assert deferred.writing(2_000, of=2_000, expected=100_000)


def test_the_estimate_counts_the_rows_the_file_adds_not_the_rows_it_holds(chamber_a, monkeypatch):
    # A re-import of a large file that adds a row in a hundred would write 1,000 rows:
    # rebuilding the indexes for them costs more than maintaining.
    deferred = _deferred(monkeypatch, 0)
    for _batch in range(10):
        assert not deferred.writing(20, of=2_000, expected=100_000)
    # A file expected to hold fewer rows than the threshold never switches early.
    deferred = _deferred(monkeypatch, 0)
    assert not deferred.writing(2_000, of=2_000, expected=19_000)
    # An estimate that falls short is corrected by the rows actually written.
    for _batch in range(8):
        assert not deferred.writing(2_000, of=2_000, expected=19_000)
    assert deferred.writing(2_000, of=2_000, expected=19_000)


def test_fewer_collections_during_imports_and_the_setting_restored_after_the_last():
    before = gc.get_threshold()
    with bulk.fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], bulk.IMPORT_GC_THRESHOLD)
        assert gc.get_freeze_count() > 0
        with bulk.fewer_collections():  # a second import at the same time
            pass
        assert gc.get_threshold()[0] == max(before[0], bulk.IMPORT_GC_THRESHOLD)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    with pytest.raises(ValueError), bulk.fewer_collections():
        raise ValueError
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_moments_in_the_past_and_future(chamber_a):
    # A moment without a zone takes Django's own path (and its warning-free conversion).
    field = SupportRecord._meta.get_field("occurred_at")
    convert = bulk.db_value(field)
    aware = datetime(2024, 4, 1, 9, 0, tzinfo=LOCAL_TZ) + timedelta(microseconds=5)
    assert convert(aware) == field.get_db_prep_save(aware, connection)
