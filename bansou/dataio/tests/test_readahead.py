"""Reading a large file in a second process: same outcome as in-process, failures carried back."""

import os
import pickle
import threading
import time

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from bansou.dataio import engine, lookups, readahead
from bansou.dataio.lookups import BUSINESS_TARGET
from bansou.dataio.models import ExternalKey
from bansou.dataio.reading import FileProblem
from bansou.dataio.registry import ImportKind, get_import_kind
from bansou.dataio.services import import_file
from bansou.support.models import SupportRecord, SupportRecordTheme
from bansou.testing import make_business

pytestmark = pytest.mark.django_db

HEADER = ["日付", "時刻", "法人番号", "支援方法", "テーマ", "担当者", "支援内容", "次回期限"]


def rows(business, count: int, *, bad: dict[int, int] | None = None) -> list[list]:
    out = [HEADER]
    for i in range(count):
        row = [
            f"R6.{4 + i % 9}.{1 + i % 28}",
            f"{9 + i % 8}:30",
            business.corporate_number,
            "巡回",
            "DX、補助金",
            "sato",
            f"展示会の出展準備{i}番",
            "",
        ]
        if bad and i in bad:
            row[bad[i]] = {0: "2024/4/31", 3: "伝書鳩", 7: "R6.4.1"}[bad[i]]
        out.append(row)
    return out


def run(path, chamber, **options):
    return import_file(
        get_import_kind("support_records"), path, organization=chamber, actor=None, **options
    )


@pytest.fixture
def forked(monkeypatch):
    """Every import reads in a child process; the list counts the imports that did."""
    used = []
    real_items = readahead.items

    def items(*args, **kwargs):
        used.append(True)
        return real_items(*args, **kwargs)

    monkeypatch.setattr(readahead, "worthwhile", lambda path: True)
    monkeypatch.setattr(readahead, "items", items)
    monkeypatch.setattr(engine, "BATCH_SIZE", 7)
    return used


def outcome(result):
    return (
        dict(result.counts),
        result.total_rows,
        [(p.level, p.row, p.column, p.message) for p in result.problems.first],
    )


def test_a_file_read_in_a_child_imports_as_it_does_in_process(
    chamber_a, business_a, staff_a, write_file, forked, monkeypatch
):
    path = write_file(rows(business_a, 40))
    result, job = run(path, chamber_a)
    assert forked and result.committed and job.created_count == 40
    stored = sorted(SupportRecord.objects.values_list("occurred_at", "support", "search_text"))
    assert SupportRecordTheme.objects.count() == 80
    # The same file in-process, into a fresh table: the same records.
    SupportRecord.objects.all().delete()
    monkeypatch.setattr(readahead, "worthwhile", lambda path: False)
    again, _job = run(write_file(rows(business_a, 40), name="again.csv"), chamber_a)
    assert outcome(again) == outcome(result)
    assert sorted(SupportRecord.objects.values_list("occurred_at", "support", "search_text")) == (
        stored
    )


def test_row_errors_found_in_a_child_are_those_found_in_process(
    chamber_a, business_a, staff_a, write_file, forked, monkeypatch
):
    bad = {2: 0, 15: 3, 33: 7}  # 31 April, an unknown channel, a due date before the day
    forked_result, _job = run(write_file(rows(business_a, 40, bad=bad)), chamber_a, dry_run=True)
    monkeypatch.setattr(readahead, "worthwhile", lambda path: False)
    path = write_file(rows(business_a, 40, bad=bad), name="b.csv")
    in_process, _job = run(path, chamber_a, dry_run=True)
    assert forked and outcome(forked_result) == outcome(in_process)
    assert [p.row for p in in_process.problems.first] == [4, 17, 35]
    assert SupportRecord.objects.count() == 0


NAMED = [
    "日付",
    "法人番号",
    "事業者コード",
    "事業者名",
    "支援方法",
    "担当者",
    "支援内容",
    "次回期限",
]


def named_rows(chamber, business) -> list[list]:
    """Rows naming their business every way a file can, and two that name none known."""
    ExternalKey.objects.create(
        organization=chamber, target=BUSINESS_TARGET, key="K-7", object_id=business.pk
    )
    make_business(chamber, None, name="芝商店", name_kana="シバ")
    by = {
        "number": ["", business.corporate_number, "", ""],
        "code": ["", "", "K-7", ""],
        "name": ["", "", "", "芝商店"],
        "abbreviated name": ["", "", "", "(株)青葉鋳工所"],
    }
    out = [NAMED]
    for i in range(30):
        ways = list(by.values())[i % len(by)]
        staff = "佐藤 花子" if i % 4 == 3 else "sato"
        out.append([f"R6.5.{1 + i}", *ways[1:], "窓口", staff, f"相談{i}", f"R6.6.{1 + i % 28}"])
    out.append(["R6.7.1", "", "K-404", "", "窓口", "sato", "不明", ""])  # an unknown code
    out.append(["R6.7.2", business.corporate_number, "", "", "窓口", "鈴木", "不明", ""])
    return out


def test_a_child_finds_businesses_and_staff_in_the_register_loaded_before_it(
    chamber_a, business_a, staff_a, write_file, forked, monkeypatch
):
    # The child refuses queries: every row below is resolved from the register begin() loaded.
    file_rows = named_rows(chamber_a, business_a)
    forked_result, _job = run(write_file(file_rows), chamber_a, dry_run=True)
    monkeypatch.setattr(readahead, "worthwhile", lambda path: False)
    in_process, _job = run(write_file(file_rows, name="b.csv"), chamber_a, dry_run=True)
    assert forked and outcome(forked_result) == outcome(in_process)
    assert [(p.row, p.column) for p in in_process.problems.first] == [
        (32, "事業者コード (C)"),
        (33, "担当者 (F)"),
    ]
    assert in_process.counts == {"create": 30}


def test_a_register_too_large_to_load_is_looked_up_here(
    chamber_a, business_a, staff_a, write_file, forked, monkeypatch
):
    # Lookups by query (_load) run in this process only: the child would refuse them.
    loads = []
    real_load = lookups._load
    monkeypatch.setattr(lookups, "_load", lambda *args: loads.append(1) or real_load(*args))
    monkeypatch.setattr(lookups, "PRELOAD_LIMIT", 1)  # two businesses are registered
    file_rows = named_rows(chamber_a, business_a)[:-2]
    result, job = run(write_file(file_rows), chamber_a)
    assert forked and result.committed and job.created_count == 30
    assert loads  # looked up per batch here, not loaded before the child started
    monkeypatch.setattr(lookups, "PRELOAD_LIMIT", 20_000)
    looked_up = len(loads)
    again, _job = run(write_file(file_rows, name="again.csv"), chamber_a)
    assert again.counts == {"unchanged": 30}
    assert len(loads) == looked_up  # loaded whole: no lookup by query


def test_a_file_read_in_a_child_imported_again_adds_nothing(
    chamber_a, business_a, staff_a, write_file, forked
):
    # Every row has a due date and themes: the stored content is compared in the form the
    # rows bring it (database form), across batches of 7, with the rows' own repeats.
    file_rows = rows(business_a, 40)
    for i, row in enumerate(file_rows[1:]):
        row[7] = f"R7.{1 + i % 12}.{1 + i % 28}"
    file_rows.append(file_rows[5])
    first, _job = run(write_file(file_rows), chamber_a)
    assert first.counts == {"create": 40, "unchanged": 1}
    again, _job = run(write_file(file_rows, name="again.csv"), chamber_a)
    assert forked == [True, True] and again.counts == {"unchanged": 41}
    assert SupportRecord.objects.count() == 40
    changed = [list(row) for row in file_rows]
    changed[9][7] = "R8.1.1"
    third, _job = run(write_file(changed, name="changed.csv"), chamber_a)
    assert third.counts == {"create": 1, "unchanged": 40}


def test_a_broken_file_is_the_same_file_problem_from_a_child(
    chamber_a, business_a, staff_a, tmp_path, forked
):
    path = tmp_path / "broken.csv"
    good = "\r\n".join(",".join(r) for r in rows(business_a, 20))
    # A cell beyond the field limit of reading.py (1 MB) stops the reading at row 22.
    huge = "a" * (1024 * 1024 + 1)
    path.write_bytes((good + f"\r\nR6.4.1,10:00,x,巡回,DX,sato,{huge},\r\n").encode("utf-8"))
    result, job = run(path, chamber_a)
    assert forked and job is None and not result.committed
    assert "22" in result.file_problem  # the row that cannot be read
    assert SupportRecord.objects.count() == 0


def test_an_exception_in_the_child_is_raised_here_and_nothing_is_written(
    chamber_a, business_a, staff_a, write_file, forked, monkeypatch
):
    kind = get_import_kind("support_records")

    def prepare(rows, run):
        raise LookupError("a bug in prepare")

    monkeypatch.setattr(kind, "prepare", prepare)
    with pytest.raises(LookupError, match="a bug in prepare"):
        run(write_file(rows(business_a, 20)), chamber_a)
    assert SupportRecord.objects.count() == 0
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the child was reaped


def test_the_child_cannot_query(chamber_a, business_a, staff_a, write_file, forked, monkeypatch):
    kind = get_import_kind("support_records")

    def prepare(rows, run):
        SupportRecord.objects.count()

    monkeypatch.setattr(kind, "prepare", prepare)
    with pytest.raises(readahead.ReadAheadFailed, match="must not query"):
        run(write_file(rows(business_a, 10)), chamber_a)
    # This process's connection is untouched and still in its transaction.
    assert connection.in_atomic_block and SupportRecord.objects.count() == 0


def test_stopping_early_stops_the_child():
    def endless():
        number = 0
        while True:
            number += 1
            yield number

    produced = readahead.items(endless)
    assert [next(produced) for _ in range(3)] == [1, 2, 3]
    produced.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_the_first_item_arrives_before_the_next_is_produced():
    def slow_after_the_first():
        yield "first"
        time.sleep(60)  # the buffer would hold "first" until then
        yield "second"

    produced = readahead.items(slow_after_the_first)
    started = time.monotonic()
    assert next(produced) == "first"
    assert time.monotonic() - started < 30
    produced.close()


def test_file_problems_and_values_cross_the_pipe():
    def failing():
        yield {"a": 1}
        raise FileProblem("この行は読めません。")

    produced = readahead.items(failing)
    assert next(produced) == {"a": 1}
    with pytest.raises(FileProblem) as caught:
        next(produced)
    assert caught.value.message == "この行は読めません。"


def test_only_large_files_in_a_single_threaded_process_on_linux(tmp_path, monkeypatch):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_bytes(b"a,b\r\n" * 10)
    large.write_bytes(b"a,b\r\n" * (readahead.MIN_BYTES // 5 + 1))
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert not readahead.worthwhile(small)
    assert readahead.worthwhile(large) == (os.uname().sysname == "Linux")
    assert not readahead.worthwhile(tmp_path / "missing.csv")
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # a threaded web server
    assert not readahead.worthwhile(large)


values = st.dictionaries(
    st.sampled_from(["id", "name", "day", "amount", "themes", "done", "note"]),
    st.none()
    | st.text(max_size=20)
    | st.integers()
    | st.dates()
    | st.decimals(allow_nan=False, places=2)
    | st.booleans()
    | st.tuples(st.text(max_size=5)),
)


@given(
    st.lists(
        st.tuples(
            values,
            st.lists(st.tuples(st.text(max_size=5), st.text(max_size=10)), max_size=2),
            st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=2),
        ),
        max_size=20,
    ),
    st.none() | st.integers(min_value=0),
)
def test_a_batch_crosses_the_pipe_unchanged(rows, estimate):
    batch = []
    for number, (row_values, errors, extra) in enumerate(rows, start=2):
        row = engine.Row(number, dict(row_values))
        row.errors, row.extra = list(errors), dict(extra)
        batch.append(row)
    packed = pickle.loads(pickle.dumps(engine._pack((batch, estimate), ImportKind())))
    again, again_estimate = engine._unpack(packed)
    assert again_estimate == estimate
    assert [(r.number, r.values, r.errors, r.extra) for r in again] == [
        (r.number, r.values, r.errors, r.extra) for r in batch
    ]
    # Key order survives too (a kind may rely on the column order of row.values).
    assert [list(r.values) for r in again] == [list(r.values) for r in batch]
