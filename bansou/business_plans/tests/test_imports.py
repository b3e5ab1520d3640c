"""Importing past business plans with their yearly targets: template, round trip, bad input."""

import pytest

from bansou.business_plans.models import BusinessPlan, PlanYearTarget
from bansou.dataio.tests.history import exported, problems, run, template
from bansou.testing import make_business

pytestmark = pytest.mark.django_db

CODE = "business_plans"


@pytest.fixture
def aoba(chamber_a, district_a):
    return make_business(chamber_a, district_a)


def test_the_template_imports_with_its_targets(chamber_a, advisor_a, aoba, tmp_path):
    result, _job = run(CODE, template(CODE, tmp_path), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    plan = BusinessPlan.objects.get()
    assert plan.business == aoba and plan.kind == "innovation" and plan.status == "approved"
    assert plan.approving_body == "埼玉県" and plan.fiscal_year == 2023
    assert plan.next_report_due.isoformat() == "2024-03-29"  # six months after completion
    targets = list(plan.year_targets.values_list("fiscal_year", "sales", "profit"))
    assert targets == [(2024, 126000, 3500), (2025, 132000, 4000), (2026, 140000, 4800)]


def test_export_imports_back_unchanged(chamber_a, advisor_a, aoba, write_file, tmp_path):
    run(CODE, template(CODE, tmp_path), chamber_a, advisor_a)
    drafting = [
        ["事業者名", "計画名", "計画の種類", "着手日"],
        [aoba.name, "創業", "創業", "R6.1.9"],
    ]
    run(CODE, write_file(drafting), chamber_a, advisor_a)
    before = list(BusinessPlan.objects.values().order_by("pk"))
    targets = list(PlanYearTarget.objects.values().order_by("pk"))
    result, job = run(CODE, exported(CODE, chamber_a, write_file), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    assert result.counts == {"unchanged": 2} and job is not None
    assert list(BusinessPlan.objects.values().order_by("pk")) == before
    assert list(PlanYearTarget.objects.values().order_by("pk")) == targets


def test_a_changed_target_updates_the_plan(chamber_a, advisor_a, aoba, write_file, tmp_path):
    run(CODE, template(CODE, tmp_path), chamber_a, advisor_a)
    path = exported(CODE, chamber_a, write_file)
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("2年目 売上高（千円）") + 1, value=135000)
    book.save(path)
    result, _job = run(CODE, path, chamber_a, advisor_a)
    assert result.counts == {"update": 1}, problems(result)
    assert PlanYearTarget.objects.get(fiscal_year=2025).sales == 135000
    assert PlanYearTarget.objects.count() == 3


def test_targets_outside_the_plan_are_refused(chamber_a, advisor_a, aoba, write_file):
    head = ["事業者名", "計画名", "計画の種類", "着手日", "基準年度"]
    years = ["1年目年度", "1年目売上目標", "2年目売上目標", "3年目売上目標"]
    rows = [
        head + years,
        [aoba.name, "計画A", "創業", "R6.1.9", "令和5年度", "令和7年度", "1", "2", "3"],
        [aoba.name, "計画B", "創業", "R6.1.9", "", "", "1", "2", "3"],
        [aoba.name, "計画C", "創業", "R6.1.9", "令和5年度", "", "1", "", ""],
    ]
    result, job = run(CODE, write_file(rows), chamber_a, advisor_a)
    assert job is None and not BusinessPlan.objects.exists()
    found = {(row, column) for row, column, _m in problems(result)}
    assert found == {(2, "1年目年度 (F)"), (3, "基準年度 (E)"), (4, "1年目年度 (F)")}
    messages = {row: m for row, _c, m in problems(result)}
    assert "令和7年度" in messages[2] and "計画の範囲外" in messages[2]
    assert "3" in messages[4]


def test_an_approved_plan_needs_its_approval(chamber_a, advisor_a, aoba, write_file):
    rows = [
        ["事業者名", "計画名", "計画の種類", "状態", "着手日", "策定日"],
        [aoba.name, "計画A", "創業", "承認", "R5.1.9", "R5.2.1"],
    ]
    result, job = run(CODE, write_file(rows), chamber_a, advisor_a)
    assert job is None
    columns = {column for _r, column, _m in problems(result)}
    assert columns >= {"承認日"}
