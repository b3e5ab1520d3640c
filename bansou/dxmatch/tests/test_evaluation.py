"""労働生産性向上支援 (section 10①) is counted from DX needs: the FY2024 demo gives the
report's 25, the drill-down lists those needs, and the rule ignores drafts and withdrawals."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from bansou.dxmatch import services
from bansou.dxmatch.demo import FY2024_MATCHED, load_living
from bansou.dxmatch.models import DxNeed
from bansou.dxmatch.states import NeedStatus
from bansou.evaluation import services as evaluation_services
from bansou.evaluation.demo import MANUAL_ACTUALS, load_kawaguchi_demo
from bansou.evaluation.engine import drilldown, evaluate, get_plan
from bansou.evaluation.tests.conftest import build_demo_chamber
from bansou.testing import login

from .conftest import make_need

pytestmark = pytest.mark.django_db
PLAN_FILE = Path(__file__).parents[2] / "evaluation" / "plans" / "kawaguchi-2023-2025.yaml"


@pytest.fixture
def demo():
    organization = build_demo_chamber(businesses=4000)
    load_kawaguchi_demo(organization)
    return organization


def test_fy2024_productivity_is_the_reports_25_from_records(demo):
    assert "productivity" not in MANUAL_ACTUALS
    plan = get_plan(demo, 2024)
    with translation.override("ja"):
        result = evaluate(plan, 2024)
    row = result.row("productivity")
    assert (row.actual, row.source) == (Decimal(FY2024_MATCHED), "rule")
    assert row.remarks == []  # the report prints no remark on the row
    section = result.section(10)
    assert (section.actual, section.target, section.grade) == (Decimal(32), Decimal(10), "A")
    needs = DxNeed.objects.filter(organization=demo, fiscal_year=2024)
    assert needs.count() == 26 and needs.filter(status=NeedStatus.WITHDRAWN).count() == 1
    # Every state of a finished year is there.
    assert {NeedStatus.FOLLOWED_UP, NeedStatus.QUALITY_CHECKED, NeedStatus.NOT_CHOSEN} <= set(
        needs.values_list("status", flat=True)
    )
    listed = drilldown(plan, 2024, "productivity")
    assert listed.model is DxNeed and listed.count() == 25
    assert not listed.filter(status=NeedStatus.WITHDRAWN).exists()
    # Needs came from the year's analyses where the business had one.
    assert listed.filter(analysis__isnull=False).count() >= 18


def test_the_drilldown_page_lists_the_needs_counted(demo):
    from bansou.accounts.models import User

    plan = get_plan(demo, 2024)
    lead = User.objects.get(organization=demo, username="kawaguchi-lead")
    page = login(lead).get(
        reverse("evaluation:drilldown", args=[plan.pk, 2024, "productivity"]), {"per_page": 50}
    )
    assert page.status_code == 200
    assert page.context["total"] == 25
    body = page.content.decode()
    first = (
        DxNeed.objects.filter(organization=demo, fiscal_year=2024)
        .exclude(status=NeedStatus.WITHDRAWN)
        .select_related("business")
        .first()
    )
    assert first.business.name in body


def test_the_living_demo_writes_other_years_and_leaves_fy2024_alone(demo):
    plan = get_plan(demo, 2024)
    before = evaluate(plan, 2024).row("productivity").actual
    written = load_living(demo, today=date(2025, 11, 20), seed=3)
    assert evaluate(plan, 2024).row("productivity").actual == before
    assert written and all(n.fiscal_year != 2024 for n in written)
    years = {n.fiscal_year for n in written}
    assert {2023, 2025} <= years
    fy2023 = evaluate(get_plan(demo, 2023), 2023).row("productivity").actual
    assert 8 <= fy2023 <= 15
    statuses = {n.status for n in written}
    assert {NeedStatus.DRAFT, NeedStatus.OPEN, NeedStatus.CHOSEN} <= statuses
    again = load_living(build_demo_chamber(businesses=600, slug="again"), today=date(2025, 11, 20),
                        seed=3)  # fmt: skip
    assert len(again) == len(written)


def test_the_rule_counts_sent_needs_in_the_year_they_were_sent(
    chamber_a, admin_a, business_a, advisor_a, vendor_company
):
    plan = evaluation_services.import_definition(
        chamber_a, PLAN_FILE.read_text(encoding="utf-8"), actor=admin_a
    )

    def actual(fy):
        return evaluate(plan, fy).row("productivity").actual

    make_need(business_a, advisor_a, title="下書き")  # never sent: counted nowhere
    march = make_need(business_a, advisor_a, title="3月末に送付")
    services.send_need(march, [vendor_company], day=date(2024, 3, 31), actor=advisor_a)
    april = make_need(business_a, advisor_a, title="4月1日に送付")
    services.send_need(april, [vendor_company], day=date(2024, 4, 1), actor=advisor_a)
    gone = make_need(business_a, advisor_a, title="取り下げ")
    services.send_need(gone, [vendor_company], day=date(2024, 5, 1), actor=advisor_a)
    services.withdraw(gone, reason="資金繰り", actor=advisor_a)
    assert (actual(2023), actual(2024)) == (Decimal(1), Decimal(1))
