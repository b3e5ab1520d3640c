"""移行前の集計値: entered for a year without records, shown, and chosen when records appear."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from bansou.analysis.models import BusinessAnalysis
from bansou.analysis.services import create_analysis
from bansou.audit.models import AuditEntry
from bansou.core.errors import DomainError
from bansou.evaluation import opening, services
from bansou.evaluation.engine import evaluate
from bansou.evaluation.models import OpeningFigure, PlanItem
from bansou.testing import login

pytestmark = pytest.mark.django_db
D = Decimal

PLAN = """
format: bansou-plan/1
plan: {code: open, title: 移行の計画, starts_on: 2023-04-01, ends_on: 2026-03-31}
sections:
  - number: 1
    key: one
    title: 分析
    rows:
      - key: analyses
        title: 経営分析
        unit: 件
        targets: {2023: 10, 2024: 10}
        rule: {count: records, of: analysis, where: {in_territory: true}}
      - key: hand
        title: 手で数える行
        targets: {2023: 5}
"""


@pytest.fixture
def plan(chamber_a, admin_a):
    return services.import_definition(chamber_a, PLAN, actor=admin_a)


@pytest.fixture
def row(plan):
    item = PlanItem.objects.get(plan=plan, key="analyses")
    item.plan = plan
    return item


def enter(row, actor, value=7, fiscal_year=2023):
    return opening.enter_opening_figure(
        row,
        fiscal_year=fiscal_year,
        value=D(value),
        source_file="令和5年度実績集計.xlsx",
        note="総務広報課の集計",
        actor=actor,
    )


def analyse(business, staff, day):
    return create_analysis(
        BusinessAnalysis(business=business, staff=staff, analysed_on=day), actor=staff
    )


def test_a_year_without_records_takes_the_opening_figure(plan, row, admin_a):
    enter(row, admin_a)
    result = evaluate(plan, 2023).row("analyses")
    assert result.actual == 7
    assert result.rate_percent == D("70.0") and result.grade == "C"
    assert result.opening["stands"] == "opening"
    assert result.opening["source_file"] == "令和5年度実績集計.xlsx"
    assert result.opening["entered_by"] == "admin-a"
    assert not result.opening["needs_choice"]
    assert evaluate(plan, 2024).row("analyses").opening is None
    entry = AuditEntry.objects.get(action="evaluation.opening_figure.created")
    assert entry.changes["value"]["new"] == "7"


def test_records_appearing_later_ask_which_stands(plan, row, admin_a, business_a, advisor_a):
    figure = enter(row, admin_a)
    for day in (date(2023, 5, 1), date(2023, 6, 1)):
        analyse(business_a, advisor_a, day)  # an import of history, say
    shown = evaluate(plan, 2023).row("analyses")
    # Both are shown; until someone chooses, the figure entered before the records stands.
    assert shown.opening["needs_choice"] and shown.opening["records_actual"] == 2
    assert shown.actual == 7
    opening.choose_figure(figure, stands="records", actor=admin_a)
    chosen = evaluate(plan, 2023).row("analyses")
    assert chosen.actual == 2 and not chosen.opening["needs_choice"]
    assert chosen.opening["decided_by"] == "admin-a"
    opening.choose_figure(figure, stands="opening", actor=admin_a)
    assert evaluate(plan, 2023).row("analyses").actual == 7
    assert AuditEntry.objects.filter(action="evaluation.opening_figure.chosen").count() == 2


def test_a_recorded_year_refuses_an_opening_figure(row, admin_a, business_a, advisor_a):
    analyse(business_a, advisor_a, date(2023, 9, 1))
    with pytest.raises(
        DomainError, match="令和5年度は記録があるため移行前の集計値は入力できません"
    ):
        enter(row, admin_a)
    assert not OpeningFigure.objects.exists()
    assert not AuditEntry.objects.filter(target_type="evaluation.openingfigure").exists()


def test_other_bad_figures_are_refused(plan, row, admin_a):
    hand = PlanItem.objects.get(plan=plan, key="hand")
    hand.plan = plan
    with pytest.raises(DomainError, match="手入力"):
        enter(hand, admin_a)
    with pytest.raises(DomainError, match="マイナス"):
        enter(row, admin_a, value=-1)
    with pytest.raises(DomainError):
        enter(row, admin_a, fiscal_year=2030)
    figure = enter(row, admin_a)
    with pytest.raises(DomainError, match="記録がない"):
        opening.choose_figure(figure, stands="records", actor=admin_a)
    assert OpeningFigure.objects.get().stands == ""


def test_table_drilldown_and_entry_page(plan, row, admin_a, business_a, advisor_a):
    client = login(admin_a)
    url = reverse("evaluation:opening_figure", args=[plan.pk, 2023, "analyses"])
    response = client.post(
        url, {"action": "save", "value": "１２", "source_file": "旧集計.xlsx", "note": ""}
    )
    assert response.status_code == 302
    assert OpeningFigure.objects.get().value == 12
    table = client.get(reverse("evaluation:result", args=[plan.pk, 2023])).content.decode()
    assert "移行前の集計値" in table
    analyse(business_a, advisor_a, date(2023, 5, 1))
    drilled = client.get(reverse("evaluation:drilldown", args=[plan.pk, 2023, "analyses"]))
    page = drilled.content.decode()
    assert "移行前の集計値" in page and "旧集計.xlsx" in page and "どちらを採用" in page
    client.post(url, {"action": "choose", "stands": "records"})
    assert OpeningFigure.objects.get().stands == "records"
    stored = OpeningFigure.objects.get()
    data = {"action": "save", "value": "3", "source_file": "x.xlsx", "note": ""}
    refused = client.post(url, data | {"lock_version": stored.lock_version}, follow=True)
    assert "記録があるため" in refused.content.decode()
    assert OpeningFigure.objects.get().value == 12
