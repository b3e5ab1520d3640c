"""Sections 6 and 10 of FY2024 from programme records; 実施なし where none exist; drill-downs."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from bansou.accounts.models import User
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.engine import drilldown, evaluate, get_plan
from bansou.evaluation.engine.drilldown import listed_total, rule_of
from bansou.evaluation.models import ManualActual
from bansou.programmes.models import Participation, Programme, SalesOutcome
from bansou.testing import login

pytestmark = pytest.mark.django_db

# row → (actual, status) as the committee's report prints FY2024
FY2024 = {
    "brand-certification": (D(5), ""),
    "brand-new-partners": (D(1), ""),
    "video-production": (D(5), ""),
    "video-deals": (D(0), ""),
    "voucher-stores": (None, "not_carried_out"),
    "cashless": (None, "not_carried_out"),
    "store-diagnosis": (D(15), ""),
    "diagnosis-sales-up": (None, "not_reported"),
    "imise-award": (D(15), ""),
    "imise-sales-up": (D(3), ""),
    "video-streaming": (D(51), ""),
    "streaming-sales-up": (None, "not_reported"),
    "joint-press": (None, "not_carried_out"),
    "press-release": (None, "not_carried_out"),
    "sns": (D(27), ""),
    "sns-sales-up": (None, "not_reported"),
    "joint-development": (D(1), ""),
    "talent-college": (D(1), ""),
    "side-job-talent": (D(3), ""),
    "fireworks": (D(1), ""),
    "sdgs": (D(1), ""),
}


@pytest.fixture
def plan(demo_chamber):
    load_kawaguchi_demo(demo_chamber)
    return get_plan(demo_chamber, 2024)


def _evaluate(plan, year=2024):
    with translation.override("ja"):
        return evaluate(plan, year)


def test_rows_come_from_records_and_not_from_manual_entries(plan):
    result = _evaluate(plan)
    assert {k: (result.row(k).actual, result.row(k).status) for k in FY2024} == FY2024
    assert all(result.row(k).source == "rule" for k in FY2024)
    typed = set(ManualActual.objects.filter(item__plan=plan).values_list("item__key", flat=True))
    assert typed & set(FY2024) == set()
    # The reasons the chamber recorded are printed as before.
    assert result.row("voucher-stores").reason == "R6実施なし"
    assert result.row("press-release").reason.startswith("R6「合同プレス発表会」実施なし")
    assert result.row("diagnosis-sales-up").reason == "実績の報告なし"
    # Section 4's DX plans: 20 a year (30 in the last year) as 別表1 §6(3)② sets.
    assert (result.row("dx-plans").target, result.row("dx-plans").grade) == (D(20), "A")


def test_records_win_over_a_recorded_not_carried_out(plan, demo_chamber):
    """実施なし stands only while no record counts: one voucher member store in FY2024
    makes the row an actual again."""
    voucher = Programme.objects.get(organization=demo_chamber, code="genki-voucher")
    member = Participation.objects.filter(programme=voucher).first()
    member.pk = None
    member.started_on, member.fiscal_year = date(2024, 5, 1), 2024
    member.save()
    row = _evaluate(plan).row("voucher-stores")
    assert (row.actual, row.status, row.counted) == (D(1), "", True)


def test_fy2023_vouchers_are_2000_member_stores(plan):
    row = _evaluate(plan, 2023).row("voucher-stores")
    assert (row.actual, row.target, row.grade) == (D(2000), D(1700), "A")


def test_the_sales_drill_down_lists_each_stores_before_and_after(plan, demo_chamber):
    found = drilldown(plan, 2024, "imise-sales-up")
    _item, rule = rule_of(plan, "imise-sales-up")
    assert listed_total(rule, found) == _evaluate(plan).row("imise-sales-up").actual == 3
    assert all(o.after_total >= o.before_total * D("1.05") for o in found)
    lead = User.objects.get(organization=demo_chamber, username="kawaguchi-lead")
    client = login(lead)
    page = client.get(reverse("evaluation:drilldown", args=[plan.pk, 2024, "imise-sales-up"]))
    html = page.content.decode()
    for outcome in found:
        assert f"{outcome.before_total:,}" in html and f"{outcome.after_total:,}" in html
    # The winners who did not grow 5 % are compared too, but not counted.
    assert SalesOutcome.objects.filter(programme__code="imise-award", increased=False).exists()


def test_the_deals_drill_down_adds_up_to_the_table(plan, demo_chamber):
    """成約件数 (sum:deals_closed): the drill-down's figure is the sum of deals, 7, not the
    number of participations listed."""
    lead = User.objects.get(organization=demo_chamber, username="kawaguchi-lead")
    client = login(lead)
    page = client.get(reverse("evaluation:drilldown", args=[plan.pk, 2024, "exhibition-deals"]))
    assert page.context["figure"] == _evaluate(plan).row("exhibition-deals").actual == 7
    assert page.context["row"].actual == 7
    html = page.content.decode()
    assert "成約件数：合計7" in html.replace(" ", "") or "合計7" in html


def test_the_evaluations_queries_do_not_grow_with_programmes(plan, demo_chamber):
    from bansou.testing import count_queries

    before = count_queries(lambda: evaluate(plan, 2024))
    lead = User.objects.get(organization=demo_chamber, username="kawaguchi-lead")
    member = Participation.objects.filter(organization=demo_chamber, fiscal_year=2024).first()
    for n in range(30):
        extra = Programme.objects.create(
            organization=demo_chamber, code=f"extra-{n}", name=f"追加事業{n}",
            kind="sns", first_fiscal_year=2024,
        )  # fmt: skip
        Participation.objects.create(
            organization=demo_chamber, programme=extra, business=member.business, staff=lead,
            district=member.district, started_on=date(2024, 6, 1), status="completed",
        )  # fmt: skip
    assert count_queries(lambda: evaluate(plan, 2024)) == before
    assert _evaluate(plan).row("sns").actual == 28  # the business counted once more
