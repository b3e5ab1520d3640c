"""voucher_usage import: CP932, UTF-8 and xlsx; idempotent; all or nothing; row messages."""

from datetime import date

import pytest

from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file
from bansou.programmes.models import MonthlySales
from bansou.testing import csv_bytes, make_business, xlsx_bytes
from bansou.vouchers.models import AgeBand, Gender, VoucherUsage

from .factories import member

pytestmark = pytest.mark.django_db

HEADER = ["法人番号", "利用日", "利用金額", "性別", "年齢層", "居住区域", "職業", "取引ID"]


def run(path, chamber, actor, dry_run=False):
    kind = get_import_kind("voucher_usage")
    return import_file(kind, path, organization=chamber, actor=actor, dry_run=dry_run)


@pytest.fixture
def store(business_a, advisor_a):
    member(business_a, advisor_a)
    return business_a


def _rows(store):
    number = store.corporate_number
    return [
        [number, "2024/05/03", "１，０００", "女性", "３０代", "青木", "会社員", "Ｔ０００１"],
        [number, "令和6年5月20日", "2000円", "男", "70代以上", "市外", "無職", "T0002"],
        [number, "2024-06-01 12:30", "500", "無回答", "不明", "", "", "T0003"],
        [number, "2024/06/02", "3000", "F", "45", "芝", "自営業", "T0004"],
    ]


def test_cp932_rows_are_stored_with_their_codes(store, chamber_a, advisor_a, tmp_path):
    path = tmp_path / "usage.csv"
    path.write_bytes(csv_bytes([HEADER, *_rows(store)], "cp932"))
    result, _job = run(path, chamber_a, advisor_a)
    assert result.error_count == 0, list(result.problems.first)
    assert result.counts == {"create": 4}
    stored = list(
        VoucherUsage.objects.order_by("used_on").values_list(
            "used_on", "month", "amount", "gender", "age_band", "area", "occupation", "key"
        )
    )
    assert stored[0] == (
        date(2024, 5, 3), date(2024, 5, 1), 1000, Gender.FEMALE, AgeBand.THIRTIES, "青木",
        "会社員", "T:T0001",
    )  # fmt: skip
    assert stored[1][3:5] == (Gender.MALE, AgeBand.SEVENTIES)
    assert stored[2][3:6] == (Gender.UNKNOWN, AgeBand.UNKNOWN, "")
    assert stored[3][3:5] == (Gender.FEMALE, AgeBand.FORTIES)
    # The stores' monthly voucher sales, written after the import.
    sales = dict(
        MonthlySales.objects.filter(business=store, source="voucher").values_list("month", "amount")
    )
    assert sales == {date(2024, 5, 1): 3000, date(2024, 6, 1): 3500}


def test_utf8_and_xlsx_give_the_same_rows_and_reimport_changes_nothing(
    store, chamber_a, advisor_a, tmp_path
):
    utf8 = tmp_path / "usage.csv"
    utf8.write_bytes(csv_bytes([HEADER, *_rows(store)], "utf-8"))
    result, _job = run(utf8, chamber_a, advisor_a)
    assert result.counts == {"create": 4}
    xlsx = tmp_path / "usage.xlsx"
    xlsx.write_bytes(xlsx_bytes([HEADER, *_rows(store)]))
    again, _job = run(xlsx, chamber_a, advisor_a)
    assert again.error_count == 0, list(again.problems.first)
    assert again.counts == {"unchanged": 4}
    assert VoucherUsage.objects.count() == 4


def test_rows_without_transaction_ids_are_found_again_by_their_values(
    store, chamber_a, advisor_a, tmp_path
):
    header = ["加盟店名", "利用日", "利用金額", "性別", "年代", "居住地", "職業"]
    same = [store.name, "2024/07/01", "1000", "女", "20代", "青木", "学生"]
    rows = [same, same, [*same[:2], "2000", *same[3:]]]
    path = tmp_path / "no-ids.csv"
    path.write_bytes(csv_bytes([header, *rows], "cp932"))
    first, _job = run(path, chamber_a, advisor_a)
    assert first.counts == {"create": 3}, list(first.problems.first)
    # Two identical uses stay two; the same file again adds none.
    again, _job = run(path, chamber_a, advisor_a)
    assert again.counts == {"unchanged": 3}
    # A later file with one more identical use adds exactly that one.
    path.write_bytes(csv_bytes([header, *rows, same], "cp932"))
    more, _job = run(path, chamber_a, advisor_a)
    assert more.counts == {"unchanged": 3, "create": 1}
    assert VoucherUsage.objects.count() == 4


def test_a_corrected_amount_updates_the_use_and_its_month(store, chamber_a, advisor_a, tmp_path):
    path = tmp_path / "usage.csv"
    path.write_bytes(csv_bytes([HEADER, *_rows(store)]))
    run(path, chamber_a, advisor_a)
    rows = _rows(store)
    rows[0][2] = "1500"
    path.write_bytes(csv_bytes([HEADER, *rows]))
    result, _job = run(path, chamber_a, advisor_a)
    assert result.counts == {"update": 1, "unchanged": 3}
    assert MonthlySales.objects.get(business=store, month=date(2024, 5, 1)).amount == 3500


def test_bad_rows_are_numbered_and_nothing_is_written(
    store, chamber_a, advisor_a, district_a, tmp_path
):
    outsider = make_business(chamber_a, district_a, name="非加盟商店", name_kana="ヒカメイ")
    n = store.corporate_number
    rows = [
        [n, "2024/05/03", "1000", "女性", "30代", "青木", "会社員", "A1"],  # fine
        ["9999999999999", "2024/05/03", "1000", "女性", "30代", "", "", "A2"],  # unknown store
        [n, "2024/02/30", "1000", "女性", "30代", "", "", "A3"],  # no such day
        [n, "2099/01/01", "1000", "女性", "30代", "", "", "A4"],  # in the future
        [n, "2024/05/03", "▲1000", "女性", "30代", "", "", "A5"],  # negative
        [n, "2024/05/03", "千円", "女性", "30代", "", "", "A6"],  # not a number
        [n, "2024/05/03", "1000", "おとこ", "30代", "", "", "A7"],  # unknown gender word
        [n, "2024/05/03", "1000", "女性", "若者", "", "", "A8"],  # unknown age band word
        [n, "2024/05/04", "1000", "女性", "30代", "", "", "A1"],  # duplicate transaction ID
    ]
    header = ["法人番号", "利用日", "利用金額", "性別", "年齢層", "居住区域", "職業", "取引ID"]
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([header, *rows], "cp932"))
    result, _job = run(path, chamber_a, advisor_a)
    problems = {p.row: p.message for p in result.problems.first}
    assert sorted(problems) == list(range(3, 11))
    assert "9999999999999" in problems[3]
    assert "2099" in problems[5] and "範囲" in problems[5]
    assert "1円以上" in problems[6] or "マイナス" in problems[6]
    assert "おとこ" in problems[8]
    assert "若者" in problems[9] and "年代" in problems[9]
    assert "2行目" in problems[10] or "2 行目" in problems[10]
    assert not VoucherUsage.objects.exists()
    assert not MonthlySales.objects.exists()
    # A registered business that is not a member store is refused by name.
    path.write_bytes(
        csv_bytes([["事業者名", "利用日", "利用金額"], [outsider.name, "2024/05/03", "1000"]])
    )
    refused, _job = run(path, chamber_a, advisor_a)
    assert refused.error_count == 1
    assert "加盟店" in next(iter(refused.problems.first)).message
    assert not VoucherUsage.objects.exists()


def test_dry_run_writes_nothing(store, chamber_a, advisor_a, tmp_path):
    path = tmp_path / "usage.csv"
    path.write_bytes(csv_bytes([HEADER, *_rows(store)]))
    result, _job = run(path, chamber_a, advisor_a, dry_run=True)
    assert result.counts == {"create": 4}
    assert not VoucherUsage.objects.exists()


def test_another_chambers_store_is_not_found(store, chamber_b, advisor_b, business_b, tmp_path):
    path = tmp_path / "usage.csv"
    path.write_bytes(csv_bytes([HEADER, *_rows(store)]))
    result, _job = run(path, chamber_b, advisor_b)
    assert result.error_count == 4
    assert not VoucherUsage.objects.exists()
