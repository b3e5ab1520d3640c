"""Importing support records: businesses and staff found per batch, facts captured, idempotent."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bansou.dataio import engine
from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file
from bansou.support.models import SupportRecord, SupportRecordTheme
from bansou.testing import make_business

pytestmark = pytest.mark.django_db

HEADER = [
    "日付",
    "時刻",
    "法人番号",
    "事業者名",
    "支援方法",
    "テーマ",
    "担当者",
    "業況",
    "支援内容",
    "次回期限",
]


def run(path, chamber, actor=None, **options):
    kind = get_import_kind("support_records")
    return import_file(kind, path, organization=chamber, actor=actor, **options)


@pytest.fixture
def outside(chamber_a, district_outside_a):
    return make_business(
        chamber_a, district_outside_a, name="鳩ヶ谷商店", name_kana="ハトガヤ", employees=30
    )


def test_records_are_created_with_the_business_facts(
    chamber_a, business_a, outside, staff_a, advisor_a, write_file
):
    path = write_file(
        [
            HEADER,
            [
                "令和6年4月1日",
                "10:30",
                business_a.corporate_number,
                "",
                "巡回訪問",
                "販路開拓、資金繰り",
                "佐藤 花子",
                "横ばい",
                "補助金の案内",
                "R6.4.30",
            ],
            ["2024/5/10", "", "", "鳩ヶ谷商店", "窓口", "創業", "sato", "", "創業計画", ""],
        ],
        encoding="cp932",
    )
    result, job = run(path, chamber_a, advisor_a)
    assert result.error_count == 0, list(result.problems.first)
    first = SupportRecord.objects.get(business=business_a)
    assert first.occurred_on == date(2024, 4, 1) and first.fiscal_year == 2024
    assert first.channel == "visit" and first.staff == staff_a
    assert first.next_action_due == date(2024, 4, 30)
    assert first.in_territory is True and first.district == business_a.district
    assert sorted(first.themes.values_list("theme", flat=True)) == ["cash_flow", "sales_channels"]
    second = SupportRecord.objects.get(business=outside)
    assert second.in_territory is False and second.is_small is False
    assert second.search_text  # the knowledge search index column is filled
    assert first.time_known is True and second.time_known is False  # "" is no time, not 00:00
    assert job.created_count == 2


def test_reimport_changes_nothing_but_two_visits_a_day_stay_two(
    chamber_a, business_a, staff_a, write_file
):
    row = ["2024/4/1", "", business_a.corporate_number, "", "電話", "", "sato", "", "", ""]
    other_content = [*row[:8], "別の相談", ""]
    path = write_file([HEADER, row, other_content, row])  # the third row repeats the first
    result, _ = run(path, chamber_a)
    assert result.counts == {"create": 2, "unchanged": 1}
    result, _ = run(path, chamber_a)
    assert result.counts == {"unchanged": 3}
    assert SupportRecord.objects.count() == 2


def test_repeats_across_batches_and_of_earlier_records_are_found(
    chamber_a, business_a, staff_a, write_file, monkeypatch
):
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)
    other = make_business(chamber_a, None, name="芝商店", name_kana="シバ")
    stored = ["2024/4/2", "9:00", "", "芝商店", "窓口", "", "sato", "", "先月分", ""]
    assert run(write_file([HEADER, stored], name="before.csv"), chamber_a)[0].committed

    def row(day: str, text: str) -> list:
        return [day, "", business_a.corporate_number, "", "電話", "", "sato", "", text, ""]

    # Row 4 repeats row 2 in a later batch; row 5 is the record imported before; row 6
    # shares its business and moment with row 3 but not its content.
    rows = [row("2024/4/1", "一"), row("2024/4/3", "二"), row("2024/4/1", "一"), stored]
    rows.append(row("2024/4/3", "三"))
    result, _ = run(write_file([HEADER, *rows]), chamber_a)
    assert result.counts == {"create": 3, "unchanged": 2}
    assert SupportRecord.objects.filter(business=business_a).count() == 3
    assert SupportRecord.objects.filter(business=other).count() == 1


def test_rows_that_cannot_be_stored_already_are_not_looked_up(
    chamber_a, business_a, staff_a, write_file
):
    def exact_checks(path) -> int:
        with CaptureQueriesContext(connection) as ctx:
            run(path, chamber_a)
        return sum("occurred_at) AS" in q["sql"] for q in ctx.captured_queries)

    rows = [
        [f"2024/4/{day}", "", business_a.corporate_number, "", "電話", "", "sato", "", "", ""]
        for day in range(1, 21)
    ]
    # A business without records: no row can be a stored one (and none repeats another).
    assert exact_checks(write_file([HEADER, *rows])) == 0
    # Imported again, the business has records: its rows are looked up.
    assert exact_checks(write_file([HEADER, *rows], name="again.csv")) == 1
    assert SupportRecord.objects.count() == 20


def test_a_row_with_an_id_updates_that_record(
    chamber_a, business_a, staff_a, advisor_a, write_file
):
    run(
        write_file(
            [
                HEADER,
                ["2024/4/1", "", business_a.corporate_number, "", "電話", "DX", "sato", "", "", ""],
            ]
        ),
        chamber_a,
    )
    record = SupportRecord.objects.get()
    path = write_file(
        [
            ["ID", "日付", "支援方法", "テーマ", "支援内容"],
            [record.pk, "2024/4/1", "電話", "DX推進、補助金", "IT導入補助金"],
        ],
        name="edit.csv",
    )
    result, _ = run(path, chamber_a, advisor_a)
    assert result.counts == {"update": 1}, list(result.problems.first)
    record.refresh_from_db()
    assert record.support == "IT導入補助金"
    assert set(record.themes.values_list("theme", flat=True)) == {"dx", "subsidy"}
    assert record.lock_version == 2  # a form opened before the import is refused


def test_unknown_business_staff_and_bad_values_are_row_errors(
    chamber_a, business_a, staff_a, write_file
):
    path = write_file(
        [
            HEADER,
            ["2024/4/1", "", "", "知らない商店", "巡回", "", "sato", "", "", ""],
            ["2024/4/1", "", business_a.corporate_number, "", "伝書鳩", "", "sato", "", "", ""],
            ["2024/4/31", "", business_a.corporate_number, "", "巡回", "", "sato", "", "", ""],
            ["2024/4/2", "", business_a.corporate_number, "", "巡回", "", "鈴木", "", "", ""],
            [
                "2024/4/2",
                "",
                business_a.corporate_number,
                "",
                "巡回",
                "",
                "sato",
                "",
                "",
                "2024/4/1",
            ],
            ["2099/4/2", "", business_a.corporate_number, "", "巡回", "", "sato", "", "", ""],
        ]
    )
    result, job = run(path, chamber_a)
    assert job is None and not SupportRecord.objects.exists()
    by_row = {p.row: (p.column, p.message) for p in result.problems.first}
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7]
    assert by_row[2][0] == "事業者名 (D)" and "知らない商店" in by_row[2][1]
    assert by_row[3][0] == "支援方法 (E)"
    assert by_row[4] == ("日付 (A)", "存在しない日付です: 2024年4月31日")
    assert by_row[5][0] == "担当者 (G)"
    assert by_row[6][0] == "次回期限 (J)"
    assert by_row[7][0] == "日付 (A)"


def test_without_a_staff_column_the_importer_is_the_staff(
    chamber_a, business_a, advisor_a, write_file
):
    path = write_file([["日付", "事業者名", "支援方法"], ["2024/4/1", business_a.name, "メール"]])
    result, _ = run(path, chamber_a, advisor_a)
    assert result.error_count == 0
    assert SupportRecord.objects.get().staff == advisor_a


def test_queries_do_not_grow_with_the_rows(chamber_a, business_a, staff_a, write_file, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 1000)

    def queries_for(count: int) -> int:
        SupportRecord.objects.all().delete()
        rows = [HEADER] + [
            [
                f"2024/4/{1 + i % 28}",
                f"{i % 24}:00",
                business_a.corporate_number,
                "",
                "巡回",
                "DX",
                "sato",
                f"記録{i}",
                "",
                "",
            ]
            for i in range(count)
        ]
        with CaptureQueriesContext(connection) as ctx:
            result, _ = run(write_file(rows, name=f"n{count}.csv"), chamber_a)
        assert result.counts["create"] == count
        return len(ctx.captured_queries)

    # Inserts go many rows per statement (bulk.ROWS_PER_STATEMENT): a few more statements for
    # 20× the rows, never one per row.
    small = queries_for(20)
    assert queries_for(400) <= small + 4
    assert SupportRecordTheme.objects.count() == 400


def test_the_same_id_twice_is_a_row_error(chamber_a, business_a, staff_a, write_file):
    row = ["2024/4/1", "", business_a.corporate_number, "", "電話", "DX", "sato", "", "", ""]
    run(write_file([HEADER, row]), chamber_a)
    pk = SupportRecord.objects.get().pk
    path = write_file(
        [
            ["ID", "日付", "支援方法", "支援内容"],
            [pk, "2024/4/1", "電話", "一回目"],
            [pk, "2024/4/1", "電話", "二回目"],
        ],
        name="twice.csv",
    )
    result, job = run(path, chamber_a)
    assert job is None and [p.row for p in result.problems.first] == [3]
    assert SupportRecord.objects.get().support == ""


def test_a_dated_territory_is_judged_on_each_rows_day(chamber_a, staff_a, advisor_a, write_file):
    from bansou.organizations.models import District

    hatogaya = District.objects.create(
        organization=chamber_a, name="鳩ヶ谷", in_territory=True, in_territory_from=date(2025, 4, 1)
    )
    business = make_business(chamber_a, hatogaya, name="鳩ヶ谷商店", name_kana="ハトガヤ")
    rows = [["2025/3/31", "", "", "鳩ヶ谷商店", "窓口", "創業", "sato", "", "", ""],
            ["2025/4/1", "", "", "鳩ヶ谷商店", "窓口", "創業", "sato", "", "", ""]]  # fmt: skip
    result, _ = run(write_file([HEADER, *rows]), chamber_a, advisor_a)
    assert result.error_count == 0, list(result.problems.first)
    flags = dict(
        SupportRecord.objects.filter(business=business).values_list("occurred_on", "in_territory")
    )
    assert flags == {date(2025, 3, 31): False, date(2025, 4, 1): True}
    # An update that moves a record's day judges it again.
    record = SupportRecord.objects.get(occurred_on=date(2025, 3, 31))
    edit = [["ID", "日付", "支援方法", "テーマ"], [record.pk, "2025/4/2", "窓口", "創業"]]
    path = write_file(edit, name="edit.csv")
    result, _ = run(path, chamber_a, advisor_a)
    assert result.counts == {"update": 1}, list(result.problems.first)
    assert SupportRecord.objects.get(pk=record.pk).in_territory is True


def _by_name_rows(name):
    return [
        ["日付", "事業者名", "支援方法", "担当者"],
        ["令和6年4月1日", name, "巡回訪問", "sato"],
    ]


@pytest.fixture
def namesakes(chamber_a, district_a):
    # Six businesses share the comparison key 「川口商店」; two are written exactly so.
    names = [
        "川口商店",
        "川口商店",
        "株式会社川口商店",
        "(有)川口商店",
        "有限会社川口商店",
        "川口商店㈱",
    ]
    return [make_business(chamber_a, district_a, name=n, name_kana="カワグチ") for n in names]


def test_an_ambiguous_name_counts_its_exact_namesakes(
    chamber_a, namesakes, staff_a, write_file, settings
):
    settings.LANGUAGE_CODE = "ja"
    result, job = run(write_file(_by_name_rows("川口商店")), chamber_a)
    assert job is None
    [problem] = result.problems.first
    assert "「川口商店」という事業者が2件あります" in problem.message


def test_a_name_written_exactly_as_one_business_is_that_business(
    chamber_a, namesakes, staff_a, write_file
):
    result, _job = run(write_file(_by_name_rows("株式会社川口商店")), chamber_a)
    assert result.error_count == 0, list(result.problems.first)
    assert SupportRecord.objects.get().business == namesakes[2]


def test_a_name_matching_only_loosely_says_so(chamber_a, namesakes, staff_a, write_file, settings):
    settings.LANGUAGE_CODE = "ja"
    result, _job = run(write_file(_by_name_rows("合同会社川口商店")), chamber_a)
    [problem] = result.problems.first
    assert "完全に同じ名前の事業者はなく" in problem.message and "6件" in problem.message
