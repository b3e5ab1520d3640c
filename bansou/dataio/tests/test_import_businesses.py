"""Importing the business register: create, update by 法人番号, idempotent re-import, review."""

import pytest

from bansou.audit.models import AuditEntry
from bansou.businesses.models import Business
from bansou.dataio.models import ExternalKey, ImportJob
from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file
from bansou.lib.corporate_number import make_corporate_number

pytestmark = pytest.mark.django_db

HEADER = [
    "事業者コード",
    "名称",
    "フリガナ",
    "法人番号",
    "電話番号",
    "地区",
    "業種",
    "従業員数",
    "設立日",
    "会員",
]
CN1 = make_corporate_number("000012050002")
CN2 = make_corporate_number("100012050003")


def rows():
    return [
        HEADER,
        [
            "K-001",
            "株式会社青葉鋳工所",
            "あおばちゅうこうしょ",
            CN1,
            "048-222-0001",
            "青木",
            "製造業",
            "８",
            "令和元年5月1日",
            "○",
        ],
        [
            "K-002",
            "さくら食堂",
            "サクラショクドウ",
            "",
            "048-222-0002",
            "青木",
            "飲食店",
            "3",
            "H31.4.30",
            "×",
        ],
        ["K-003", "川口精工株式会社", "カワグチセイコウ", CN2, "", "", "E", "25", "2020/4/1", ""],
    ]


def run(path, chamber, actor=None, **options):
    return import_file(
        get_import_kind("businesses"), path, organization=chamber, actor=actor, **options
    )


def test_creates_businesses_with_normalised_values(chamber_a, district_a, advisor_a, write_file):
    result, job = run(write_file(rows(), encoding="cp932"), chamber_a, advisor_a)
    assert result.error_count == 0, list(result.problems.first)
    assert result.counts["create"] == 3 and job.created_count == 3
    aoba = Business.objects.get(organization=chamber_a, corporate_number=CN1)
    assert aoba.name_kana == "アオバチュウコウショ"
    assert aoba.employees == 8 and aoba.is_small is True
    assert aoba.founded_on.isoformat() == "2019-05-01"
    assert aoba.district == district_a and aoba.is_member
    assert Business.objects.get(name="さくら食堂").industry == "M"
    assert ExternalKey.objects.filter(organization=chamber_a, key="K-002").exists()
    assert AuditEntry.objects.filter(action="businesses.business.created").count() == 3
    assert AuditEntry.objects.filter(action="dataio.import.committed", target_id=job.pk).exists()


def test_reimporting_the_same_file_creates_no_duplicates(chamber_a, district_a, write_file):
    path = write_file(rows())
    run(path, chamber_a)
    result, _job = run(path, chamber_a)
    assert result.error_count == 0
    assert result.counts == {"unchanged": 3}
    assert Business.objects.filter(organization=chamber_a).count() == 3
    assert ImportJob.objects.count() == 2


def test_a_changed_row_updates_the_business_it_matches(chamber_a, district_a, write_file):
    run(write_file(rows()), chamber_a)
    changed = rows()
    changed[1][7] = "12"  # employees of 法人番号 CN1
    changed[2][0] = "K-002"
    changed[2][1] = "さくら食堂 本店"  # matched by its external id
    result, _ = run(write_file(changed, name="changed.csv"), chamber_a)
    assert result.counts == {"update": 2, "unchanged": 1}
    assert Business.objects.get(corporate_number=CN1).employees == 12
    assert Business.objects.filter(name="さくら食堂 本店").exists()
    # A form opened before the import cannot overwrite it: the updated rows are a new version.
    versions = sorted(Business.objects.values_list("lock_version", flat=True))
    assert versions == [1, 2, 2]
    entry = AuditEntry.objects.filter(action="businesses.business.updated").first()
    assert entry.changes


def test_an_empty_cell_does_not_erase_a_stored_value(chamber_a, district_a, write_file):
    run(write_file(rows()), chamber_a)
    blanked = rows()
    blanked[1][7] = ""
    run(write_file(blanked, name="blank.csv"), chamber_a)
    assert Business.objects.get(corporate_number=CN1).employees == 8


def test_rows_with_problems_are_listed_and_nothing_is_written(chamber_a, district_a, write_file):
    bad = rows()
    bad[1][3] = "1234567890123"  # wrong check digit
    bad[2][5] = "存在しない地区"
    bad[3][7] = "二十五"
    result, job = run(write_file(bad), chamber_a)
    assert job is None
    assert not Business.objects.exists()
    problems = {(p.row, p.column) for p in result.problems.first}
    assert problems == {(2, "法人番号 (D)"), (3, "地区 (F)"), (4, "従業員数 (H)")}
    messages = " ".join(p.message for p in result.problems.first)
    assert "チェックデジット" in messages and "存在しない地区" in messages


def test_the_same_business_twice_in_one_file_is_refused(chamber_a, district_a, write_file):
    twice = rows() + [rows()[1]]
    result, _ = run(write_file(twice), chamber_a)
    assert [p.row for p in result.problems.first] == [5]
    assert "2" in result.problems.first[0].message


def test_a_match_by_name_and_phone_needs_confirmation(chamber_a, district_a, write_file):
    Business.objects.create(
        organization=chamber_a,
        name="さくら食堂",
        name_kana="サクラ",
        industry="M",
        phone="048-222-0002",
    )
    path = write_file(rows())
    result, job = run(path, chamber_a)
    assert result.review_count == 1 and job is None
    assert Business.objects.count() == 1
    result, job = run(path, chamber_a, accept_reviews=True)
    assert job is not None and result.counts == {"create": 2, "update": 1}
    assert Business.objects.count() == 3


def test_new_businesses_need_kana_and_industry(chamber_a, write_file):
    result, _ = run(write_file([["名称", "電話"], ["山田商店", "0482220009"]]), chamber_a)
    messages = [p.message for p in result.problems.first]
    assert any("フリガナ" in m for m in messages) and any("業種" in m for m in messages)


def test_another_chambers_business_is_never_matched(chamber_a, chamber_b, district_a, write_file):
    Business.objects.create(
        organization=chamber_b, name="他会議所", name_kana="タ", industry="E", corporate_number=CN1
    )
    run(write_file(rows()), chamber_a)
    assert Business.objects.filter(organization=chamber_b).count() == 1
    assert Business.objects.filter(organization=chamber_a, corporate_number=CN1).count() == 1


def exported(chamber, write_file, name="register.xlsx"):
    """The chamber's register as the data page downloads it (xlsx, Japanese headers)."""
    from django.utils import translation

    from bansou.dataio.registry import get_export_kind

    export_kind = get_export_kind("businesses")
    with translation.override("ja"):
        exporter = export_kind.exporter(export_kind.queryset(organization=chamber))
        table = [exporter.header(), *exporter.rows()]
    return write_file(table, name=name)


def test_two_businesses_sharing_name_and_phone_round_trip_unchanged(
    chamber_a, district_a, write_file
):
    # issue 11: identity by ID or 法人番号 comes before the name+phone heuristic.
    for number, cn in ((1, CN1), (2, CN2)):
        Business.objects.create(
            organization=chamber_a,
            name="青葉商店",
            name_kana="アオバショウテン",
            industry="I",
            phone="048-222-0100",
            corporate_number=cn,
            district=district_a,
            employees=number,
        )
    result, job = run(exported(chamber_a, write_file), chamber_a)
    assert result.error_count == 0, list(result.problems.first)
    assert result.review_count == 0
    assert job is not None and result.counts == {"unchanged": 2}
    assert Business.objects.count() == 2


def test_a_row_with_another_corporate_number_is_not_matched_by_name_and_phone(
    chamber_a, district_a, write_file
):
    Business.objects.create(
        organization=chamber_a,
        name="さくら食堂",
        name_kana="サクラ",
        industry="M",
        phone="048-222-0002",
        corporate_number=CN2,
    )
    table = [HEADER, ["", "さくら食堂", "サクラ", CN1, "048-222-0002", "", "M", "", "", ""]]
    result, job = run(write_file(table), chamber_a)
    assert result.error_count == 0 and result.review_count == 0, list(result.problems.first)
    assert result.counts == {"create": 1}
    assert Business.objects.filter(name="さくら食堂").count() == 2
