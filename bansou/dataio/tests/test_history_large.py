"""The fast path of large history imports: look-ups only where a record may exist, indexes."""

import pytest
from django.db import connection

from bansou.dataio import bulk, engine
from bansou.dataio.tests.history import problems, run
from bansou.motivation.models import MotivationAnswer, MotivationCheck

pytestmark = pytest.mark.django_db

TABLES = (MotivationCheck._meta.db_table, MotivationAnswer._meta.db_table)


def schema():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN (%s, %s) ORDER BY name",
            TABLES,
        )
        return cursor.fetchall()


def checks(business, days, note="", answers=True):
    table = [["事業者名", "確認日", *(f"問{n}" for n in range(1, 13)), "合計点", "備考"]]
    for i, day in enumerate(days):
        points = [str((i + n) % 5) for n in range(12)] if answers else [""] * 12
        table.append([business.name, day, *points, "" if answers else "50", note])
    return table


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 3)
    monkeypatch.setattr(bulk.DeferredIndexes, "MIN_ROWS", 4)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite builds indexes at the end")
def test_a_large_import_builds_the_indexes_at_the_end_and_leaves_the_schema(
    chamber_a, advisor_a, business_a, write_file, small_batches, monkeypatch
):
    dropped = []
    real_drop = bulk.DeferredIndexes._drop

    def drop(self):
        real_drop(self)
        dropped.extend(self.dropped)

    monkeypatch.setattr(bulk.DeferredIndexes, "_drop", drop)
    before = schema()
    days = [f"2024/5/{d}" for d in range(1, 13)]
    result, job = run(
        "motivation_checks",
        write_file(checks(business_a, days)),
        chamber_a,
        advisor_a,
    )
    assert result.committed and job.created_count == 12
    # The look-up's indexes (led by the business, the check) and the unique ones stay live.
    assert dropped and all(
        "business_id" not in sql.split("(", 1)[1].split(",")[0] and "UNIQUE" not in sql
        for sql in dropped
    )
    assert schema() == before
    assert MotivationAnswer.objects.count() == 12 * 12
    again, job = run(
        "motivation_checks",
        write_file(checks(business_a, days)),
        chamber_a,
        advisor_a,
    )
    assert again.committed and job.unchanged_count == 12 and job.created_count == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite builds indexes at the end")
def test_a_refused_large_import_leaves_the_indexes(
    chamber_a, advisor_a, business_a, write_file, small_batches
):
    before = schema()
    days = [f"2024/5/{d}" for d in range(1, 13)] + ["2024/13/1"]
    result, _job = run(
        "motivation_checks",
        write_file(checks(business_a, days)),
        chamber_a,
        advisor_a,
    )
    assert not result.committed and result.error_count == 1
    assert schema() == before and not MotivationCheck.objects.exists()


def test_a_key_met_in_an_earlier_batch_is_the_same_record(
    chamber_a, advisor_a, business_a, write_file, small_batches
):
    """A first import queries for no row of a business without records, yet a key repeated
    batches later still finds the record the earlier batch wrote."""
    days = ["2024/5/1", "2024/5/2", "2024/5/3", "2024/5/4", "2024/5/1"]
    table = checks(business_a, days, answers=False)
    table[5][-1] = "二度目"
    result, job = run("motivation_checks", write_file(table), chamber_a, advisor_a)
    assert result.committed, problems(result)
    assert (job.created_count, job.updated_count) == (4, 1)
    assert MotivationCheck.objects.get(checked_on="2024-05-01").note == "二度目"


def test_a_business_with_records_before_finds_them_in_any_batch(
    chamber_a, advisor_a, business_a, write_file, small_batches
):
    days = [f"2024/6/{d}" for d in range(1, 8)]
    first, _job = run(
        "motivation_checks",
        write_file(checks(business_a, days[::3], answers=False)),
        chamber_a,
        advisor_a,
    )
    assert first.committed
    result, job = run(
        "motivation_checks",
        write_file(checks(business_a, days, answers=False)),
        chamber_a,
        advisor_a,
    )
    assert result.committed, problems(result)
    assert (job.created_count, job.unchanged_count) == (4, 3)
    assert MotivationCheck.objects.count() == 7
