"""Importing past motivation checks: answers or a total, template, round trip, bad input."""

from decimal import Decimal

import pytest

from bansou.businesses.models import Business
from bansou.dataio.tests.history import exported, problems, run, template
from bansou.motivation.defaults import DEFAULT_ITEMS
from bansou.motivation.models import MotivationAnswer, MotivationCheck
from bansou.testing import make_business

pytestmark = pytest.mark.django_db

CODE = "motivation_checks"


@pytest.fixture
def aoba(chamber_a, district_a):
    return make_business(chamber_a, district_a)  # 株式会社青葉鋳工所, the template's business


def header(*extra):
    return ["事業者名", "確認日", "担当者", *extra]


def test_the_template_imports(chamber_a, advisor_a, aoba, tmp_path):
    result, job = run(CODE, template(CODE, tmp_path), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    check = MotivationCheck.objects.get()
    assert check.business == aoba and check.staff == advisor_a and check.channel == "visit"
    assert check.score == Decimal("75.0") and check.rank == "A" and not check.total_only
    assert MotivationAnswer.objects.filter(motivation_check=check).count() == len(DEFAULT_ITEMS)


def test_a_total_score_alone_is_stored_as_an_imported_total(chamber_a, advisor_a, aoba, write_file):
    path = write_file([header("やる気度"), [aoba.name, "2023/10/02", "", "48.5"]])
    result, _job = run(CODE, path, chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    check = MotivationCheck.objects.get()
    assert check.total_only and check.score == Decimal("48.5") and check.rank == "C"
    assert not MotivationAnswer.objects.exists()


def test_export_imports_back_unchanged(chamber_a, advisor_a, aoba, write_file, tmp_path):
    run(CODE, template(CODE, tmp_path), chamber_a, advisor_a)
    run(CODE, write_file([header("合計点"), [aoba.name, "R5.4.3", "", "20"]]), chamber_a, advisor_a)
    before = list(MotivationCheck.objects.values().order_by("pk"))
    answers = list(MotivationAnswer.objects.values().order_by("pk"))
    result, job = run(CODE, exported(CODE, chamber_a, write_file), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    assert result.counts == {"unchanged": 2} and job is not None
    assert list(MotivationCheck.objects.values().order_by("pk")) == before
    assert list(MotivationAnswer.objects.values().order_by("pk")) == answers


def test_the_same_file_twice_changes_nothing(chamber_a, advisor_a, aoba, tmp_path):
    path = template(CODE, tmp_path)
    run(CODE, path, chamber_a, advisor_a)
    result, _job = run(CODE, path, chamber_a, advisor_a)
    assert result.counts == {"unchanged": 1}
    assert MotivationCheck.objects.count() == 1


def test_a_broken_file_names_row_and_column_and_writes_nothing(
    chamber_a, advisor_a, aoba, write_file
):
    rows = [
        header("問1", "問2", "合計点"),
        [aoba.name, "2024/5/1", "", "3", "", ""],  # half answered
        [aoba.name, "2024/5/2", "", "", "", "120"],  # not a percentage
        [aoba.name, "2024/5/3", "", "", "", ""],  # nothing to score
    ]
    result, job = run(CODE, write_file(rows), chamber_a, advisor_a)
    assert job is None and not MotivationCheck.objects.exists()
    found = {(row, column) for row, column, _m in problems(result)}
    assert found == {(2, "問1 (D)"), (3, "合計点 (F)"), (4, "合計点 (F)")}
    messages = " ".join(m for _r, _c, m in problems(result))
    assert "すべての質問" in messages and "0から100" in messages


def test_unknown_businesses_are_listed_and_created_only_when_asked(
    chamber_a, advisor_a, write_file
):
    rows = [
        header("合計点"),
        ["山田商店", "2024/5/1", "", "50"],
        ["山田商店", "2024/6/1", "", "60"],
    ]
    path = write_file(rows)
    result, job = run(CODE, path, chamber_a, advisor_a)
    assert job is None and not MotivationCheck.objects.exists()
    assert result.missing_businesses == [("山田商店", 2)]
    assert "山田商店" in problems(result)[0][2]
    result, job = run(CODE, path, chamber_a, advisor_a, create_missing_businesses=True)
    assert result.error_count == 0, problems(result)
    business = Business.objects.get(name="山田商店")
    assert MotivationCheck.objects.filter(business=business).count() == 2


def test_a_dated_territory_is_judged_on_each_checks_day(chamber_a, advisor_a, write_file):
    """鳩ヶ谷 joins on 2025-04-01: an imported check is inside from that day, also when moved."""
    from datetime import date

    from bansou.organizations.models import District

    hatogaya = District.objects.create(
        organization=chamber_a, name="鳩ヶ谷", in_territory=True, in_territory_from=date(2025, 4, 1)
    )
    shop = make_business(chamber_a, hatogaya, name="鳩ヶ谷商店", name_kana="ハトガヤ")
    rows = [header("合計点"), [shop.name, "2025/3/31", "", "40"], [shop.name, "2025/4/1", "", "60"]]
    result, _job = run(CODE, write_file(rows), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    flags = dict(MotivationCheck.objects.values_list("checked_on", "in_territory"))
    assert flags == {date(2025, 3, 31): False, date(2025, 4, 1): True}
    # An update that moves the check's day judges it again.
    early = MotivationCheck.objects.get(checked_on=date(2025, 3, 31))
    edit = [["ID", *header("合計点")], [early.pk, shop.name, "2025/4/2", "", "40"]]
    result, _job = run(CODE, write_file(edit, name="edit.csv"), chamber_a, advisor_a)
    assert result.counts == {"update": 1}, problems(result)
    assert MotivationCheck.objects.get(pk=early.pk).in_territory is True
    assert MotivationCheck.objects.get(pk=early.pk).lock_version == early.lock_version + 1
