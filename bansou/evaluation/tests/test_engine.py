"""DOMAIN §2 section rules on a small plan with hand-entered actuals."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from bansou.core.errors import DomainError
from bansou.evaluation import services
from bansou.evaluation.engine import evaluate, get_plan
from bansou.evaluation.models import ItemYear, PlanItem

pytestmark = pytest.mark.django_db
D = Decimal

PLAN = """
format: bansou-plan/1
plan: {code: small, title: 小さな計画, starts_on: 2024-04-01, ends_on: 2027-03-31}
amendments:
  - amended_on: 2025-06-30
    reason: 目標の見直し
    changes: b の令和7年度目標を 4 に変更
    targets: {b: {2025: 4}}
sections:
  - number: 1
    key: one
    title: 数える項目
    rows:
      - {key: a, title: A, unit: 件, targets: {2024: 10, 2025: 10}}
      - {key: b, title: B, unit: 回, targets: {2024: 10, 2025: 10},
         outcomes: [{key: b-deals, title: 成約件数, targets: {2024: 5}}]}
      - {key: c, title: C, unit: 回, targets: {2024: 随時}}
      - {key: d, title: D, targets: {2024: 5}}
      - {key: e, title: E, targets: {2024: 5}}
      - {key: f, title: F, targets: {2024: 5}}
  - number: 2
    key: two
    title: 区分のある項目
    subsections:
      - {number: 1, key: two-a, title: 甲, rows: [{key: g, title: G, targets: {2024: 10}}]}
      - {number: 2, key: two-b, title: 乙, rows: [{key: h, title: H, targets: {2024: 10}}]}
      - {number: 3, key: two-c, title: 丙, rows: [{key: i, title: I, targets: {2024: 10}}]}
  - number: 3
    key: three
    title: 実施の項目
    rows:
      - {key: j, title: J, role: qualitative, qualitative_label: 実施}
      - {key: k, title: K, role: qualitative, qualitative_label: 連携}
"""


@pytest.fixture
def plan(chamber_a, admin_a):
    plan = services.import_definition(chamber_a, PLAN, actor=admin_a)
    items = {i.key: i for i in PlanItem.objects.filter(plan=plan)}

    def enter(key, value, fy=2024, day=date(2024, 9, 30)):
        services.record_manual_actual(
            items[key], fiscal_year=fy, recorded_on=day, value=D(value), evidence="議事録",
            actor=admin_a,
        )  # fmt: skip

    for key, value in {
        "a": 8,
        "b": 12,
        "b-deals": 3,
        "c": 4,
        "d": 0,
        "g": 5,
        "h": 10,
        "i": 12,
    }.items():
        enter(key, value)
    enter("b", 3, fy=2025, day=date(2025, 5, 1))
    services.set_item_year(items["e"], 2024, status=ItemYear.Status.NOT_CARRIED_OUT,
                           reason="R6実施なし", remarks="", actor=admin_a)  # fmt: skip
    for key in ("j", "k"):
        services.set_item_year(items[key], 2024, status=ItemYear.Status.CARRIED_OUT, reason="",
                               remarks="", actor=admin_a)  # fmt: skip
    return plan


def test_section_sums_follow_domain_2(plan):
    with translation.override("ja"):
        result = evaluate(plan, 2024)
    one = result.section(1)
    # a 8/10 + b 12/10 + c 4/随時 + d 0/5 (a reported 0 counts); e not carried out, f not
    # reported; b's outcome is not summed.
    assert (one.actual, one.target, one.percent, one.grade) == (D(24), D(25), D("96.0"), "B")
    rows = {r.key: r for r in one.rows}
    assert (rows["e"].counted, rows["e"].reason) == (False, "R6実施なし")
    assert (rows["f"].counted, rows["f"].reason, rows["f"].actual) == (
        False,
        "実績の報告なし",
        None,
    )
    assert (rows["d"].counted, rows["d"].actual, rows["d"].grade) == (True, D(0), "E")
    assert (rows["c"].target, rows["c"].target_kind, rows["c"].rate_percent) == (
        None,
        "as_needed",
        None,
    )
    deals = rows["b"].outcomes[0]
    assert (deals.role, deals.counted, deals.rate_percent, deals.grade) == (
        "outcome",
        False,
        D("60.0"),
        "C",
    )
    assert one.units == "件/回"


def test_composite_and_qualitative_sections(plan):
    result = evaluate(plan, 2024)
    two = result.section(2)
    assert [s.grade for s in two.subsections] == ["C", "A", "A"]
    assert (two.actual, two.target, two.percent, two.grade) == (D(27), D(30), D("90.0"), "B")
    three = result.section(3)
    assert (three.grade_basis, three.grade, three.percent) == ("qualitative", "A", None)
    assert [r.actual_display for r in three.rows] == ["実施", "連携"]


def test_a_later_fiscal_year_uses_the_amended_target(plan):
    row = evaluate(plan, 2025).row("b")
    assert (row.actual, row.target, row.rate_percent) == (D(3), D(4), D("75.0"))
    assert evaluate(plan, 2025).row("a").target == D(10)


def test_the_organizations_grade_scale_is_used(plan, admin_a):
    services.set_grade_scale(
        plan.organization,
        [
            {"grade": "A", "min_percent": 100, "points": 4},
            {"grade": "B", "min_percent": 80, "points": 3},
            {"grade": "C", "min_percent": 30, "points": 2},
            {"grade": "D", "min_percent": 0, "points": 1},
        ],
        actor=admin_a,
    )
    result = evaluate(plan, 2024)
    assert [s.grade for s in result.section(2).subsections] == ["C", "A", "A"]
    assert result.row("d").grade == "D"
    assert result.section(2).grade == "B"  # (2 + 4 + 4) / 3 = 3.33 → 3 = B
    assert [b["grade"] for b in result.grade_scale] == ["A", "B", "C", "D"]


def test_a_bad_grade_scale_is_refused_and_nothing_changes(plan, admin_a):
    with pytest.raises(DomainError):
        services.set_grade_scale(
            plan.organization,
            [{"grade": "A", "min_percent": 100, "points": 2}, {"grade": "B", "min_percent": 50,
                                                                "points": 1}],
            actor=admin_a,
        )  # fmt: skip
    assert evaluate(plan, 2024).grade_scale[1]["min_percent"] == 80


def test_a_fiscal_year_outside_the_plan_is_refused(kawaguchi_plan):
    with translation.override("ja"), pytest.raises(DomainError) as info:
        evaluate(kawaguchi_plan, 2025)
    assert "令和7年度は計画" in info.value.message
    assert "令和6年度" in info.value.message  # the period after the amendment
    with pytest.raises(DomainError):
        get_plan(kawaguchi_plan.organization, 2025)
    assert get_plan(kawaguchi_plan.organization, 2024) == kawaguchi_plan


def test_manual_entries_are_checked(plan, admin_a):
    item = PlanItem.objects.get(plan=plan, key="a")
    with pytest.raises(DomainError):
        services.record_manual_actual(item, fiscal_year=2024, recorded_on=date(2025, 4, 1),
                                      value=D(1), evidence="x", actor=admin_a)  # fmt: skip
    qualitative = PlanItem.objects.get(plan=plan, key="j")
    with pytest.raises(DomainError):
        services.record_manual_actual(qualitative, fiscal_year=2024, recorded_on=date(2024, 5, 1),
                                      value=D(1), evidence="x", actor=admin_a)  # fmt: skip
    with pytest.raises(DomainError):
        services.set_item_year(item, 2024, status=ItemYear.Status.NOT_CARRIED_OUT, reason=" ",
                               remarks="", actor=admin_a)  # fmt: skip
