"""Finding a row's business and staff: from a register loaded whole, without a query."""

import pytest

from bansou.dataio import lookups
from bansou.dataio.engine import ImportRun, Row
from bansou.dataio.registry import get_import_kind
from bansou.testing import make_business

pytestmark = pytest.mark.django_db

MAPPING = {"business_corporate_number": 0, "business_name": 1, "staff": 2}


def new_run(chamber):
    kind = get_import_kind("support_records")
    return ImportRun(
        kind,
        organization=chamber,
        actor=None,
        header=["法人番号", "事業者名", "担当者"],
        mapping=MAPPING,
    )


def row(number: int, corporate_number: str = "", name: str = "", staff: str = "sato") -> Row:
    return Row(
        number,
        {"business_corporate_number": corporate_number, "business_name": name, "staff": staff},
    )


def test_a_loaded_register_answers_every_row_without_a_query(
    chamber_a, business_a, staff_a, django_assert_num_queries
):
    make_business(chamber_a, None, name="芝商店", name_kana="シバ")
    run = new_run(chamber_a)
    assert lookups.preload_register(run) and lookups.register_loaded(run)
    rows = [
        row(2, corporate_number=business_a.corporate_number),
        row(3, name="(株)青葉鋳工所", staff="佐藤 花子"),
        row(4, corporate_number="1234567890123"),  # not registered
        row(5, name="芝商店", staff="鈴木"),  # no such user
    ]
    with django_assert_num_queries(0):
        lookups.resolve_businesses(rows, run)
        lookups.resolve_staff(rows, run)
    assert [r.extra.get("business") for r in rows[:2]] == [business_a, business_a]
    assert [r.extra.get("staff_id") for r in rows[:2]] == [staff_a.pk, staff_a.pk]
    assert [field for r in rows[2:] for field, _message in r.errors] == [
        "business_corporate_number",
        "staff",
    ]


def test_a_register_over_the_limit_is_not_loaded_and_is_looked_up_per_batch(
    chamber_a, business_a, staff_a, django_assert_max_num_queries
):
    run = new_run(chamber_a)
    assert not lookups.preload_register(run, limit=0) and not lookups.register_loaded(run)
    rows = [row(2, corporate_number=business_a.corporate_number)]
    with django_assert_max_num_queries(2):  # the businesses named, the staff directory
        lookups.resolve_businesses(rows, run)
        lookups.resolve_staff(rows, run)
    assert rows[0].extra["business"] == business_a and not rows[0].errors


def test_another_chambers_register_is_not_loaded(chamber_a, business_a, business_b, staff_a):
    run = new_run(chamber_a)
    lookups.preload_register(run)
    rows = [row(2, name=business_b.name)]
    lookups.resolve_businesses(rows, run)
    assert rows[0].errors and "business" not in rows[0].extra
