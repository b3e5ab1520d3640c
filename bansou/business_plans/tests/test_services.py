"""Plan services: create, update, complete, approve, delete; bad input writes nothing."""

from datetime import date

import pytest
import time_machine
from django.utils import translation

from bansou.audit.models import AuditEntry
from bansou.business_plans import services
from bansou.business_plans.choices import PlanStatus
from bansou.business_plans.models import BusinessPlan, PlanYearTarget
from bansou.business_plans.services import YearFigures
from bansou.core.errors import DomainError
from bansou.testing import make_business

from .factories import make_analysis, make_plan

pytestmark = pytest.mark.django_db

# 2025-03-31 23:00 JST (14:00 UTC) – the last day of FY2024 in Tokyo.
LAST_DAY_OF_FY2024 = "2025-03-31T14:00:00+00:00"
# 2025-04-01 00:30 JST, still 2025-03-31 in UTC: Tokyo's date decides.
FIRST_MINUTES_OF_FY2025 = "2025-03-31T15:30:00+00:00"


@pytest.fixture(autouse=True)
def japanese():
    with translation.override("ja"):
        yield


def actions(obj) -> list[str]:
    return list(AuditEntry.objects.for_object(obj).order_by("pk").values_list("action", flat=True))


def test_create_captures_the_business_facts_and_audits(plan_a, business_a, district_a, advisor_a):
    assert plan_a.status == PlanStatus.DRAFTING
    assert plan_a.organization_id == business_a.organization_id
    assert plan_a.district == district_a
    assert plan_a.is_small is True
    assert plan_a.fiscal_year is None
    assert [t.fiscal_year for t in plan_a.year_targets.all()] == [2024, 2025, 2026]
    entry = AuditEntry.objects.for_object(plan_a).get()
    assert entry.action == "business_plans.plan.created"
    assert entry.actor == advisor_a
    assert entry.changes["year_targets"]["new"] == (
        "2024: 11,000 / 600; 2025: 12,000 / 700; 2026: 13,000 / 800"
    )


def test_create_refuses_an_analysis_of_another_business(business_a, advisor_a, chamber_a):
    other = make_business(chamber_a, name="別の商店", name_kana="ベツノショウテン")
    analysis = make_analysis(other, advisor_a)
    with pytest.raises(DomainError, match="別の事業者"):
        make_plan(business_a, advisor_a, analysis=analysis)
    assert not BusinessPlan.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="business_plans").exists()


def test_create_refuses_targets_that_are_not_consecutive(business_a, advisor_a):
    with pytest.raises(DomainError, match="連続"):
        make_plan(business_a, advisor_a, targets=((2024, 1, 1), (2025, 1, 1), (2027, 1, 1)))
    assert not BusinessPlan.objects.exists()
    assert not PlanYearTarget.objects.exists()


def test_update_replaces_the_targets_and_audits_the_change(plan_a, advisor_a):
    plan_a.title = "経営革新計画（改訂）"
    figures = [
        YearFigures(2024, 11_000, 600),
        YearFigures(2025, 12_500, 750),
        YearFigures(2026, 13_000, 800),
        YearFigures(2027, 14_000, 900),
    ]
    services.update_plan(plan_a, figures, actor=advisor_a)
    assert [t.fiscal_year for t in plan_a.year_targets.all()] == [2024, 2025, 2026, 2027]
    entry = AuditEntry.objects.for_object(plan_a).filter(action="business_plans.plan.updated").get()
    assert entry.changes["title"]["new"] == "経営革新計画（改訂）"
    assert "2025: 12,500 / 750" in entry.changes["year_targets"]["new"]


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
def test_complete_sets_the_fiscal_year_and_the_first_report_due(plan_a, advisor_a, district_a):
    # The business moved district after the plan was started: the completion records the move.
    business = plan_a.business
    business.district = None
    business.save()
    plan = services.complete_plan(plan_a, date(2024, 9, 30), actor=advisor_a)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED
    assert plan.completed_on == date(2024, 9, 30)
    assert plan.fiscal_year == 2024
    assert plan.district is None
    assert plan.next_report_due == date(2025, 3, 30)
    assert plan.follow_up_due == date(2025, 3, 30)
    assert plan.follow_up_group is None
    assert actions(plan) == ["business_plans.plan.created", "business_plans.plan.completed"]


@pytest.mark.parametrize(
    ("moment", "expected_fy"), [(LAST_DAY_OF_FY2024, 2024), (FIRST_MINUTES_OF_FY2025, 2025)]
)
def test_completing_today_at_the_fiscal_year_boundary(plan_a, advisor_a, moment, expected_fy):
    with time_machine.travel(moment, tick=False):
        from django.utils import timezone

        today = timezone.localdate()
        plan = services.complete_plan(plan_a, today, actor=advisor_a)
    assert plan.fiscal_year == expected_fy
    assert plan.next_report_due == (date(2025, 9, 30) if expected_fy == 2024 else date(2025, 10, 1))


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
def test_complete_refuses_a_date_before_the_analysis_and_writes_nothing(plan_a, advisor_a):
    with pytest.raises(DomainError, match="分析（令和6年5月10日）より前"):
        services.complete_plan(plan_a, date(2024, 5, 9), actor=advisor_a)
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.DRAFTING
    assert plan_a.completed_on is None
    assert plan_a.next_report_due is None
    assert actions(plan_a) == ["business_plans.plan.created"]


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
@pytest.mark.parametrize(
    ("completed_on", "message"), [(None, "策定日を入力"), (date(2025, 4, 16), "未来")]
)
def test_complete_refuses_a_missing_or_future_date(plan_a, advisor_a, completed_on, message):
    with pytest.raises(DomainError, match=message):
        services.complete_plan(plan_a, completed_on, actor=advisor_a)
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.DRAFTING


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
def test_complete_needs_the_numeric_plan(business_a, advisor_a):
    plan = make_plan(business_a, advisor_a, targets=())
    with pytest.raises(DomainError, match="3〜5年度分"):
        services.complete_plan(plan, date(2024, 9, 30), actor=advisor_a)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFTING


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
def test_complete_twice_is_refused(plan_a, advisor_a):
    services.complete_plan(plan_a, date(2024, 9, 30), actor=advisor_a)
    with pytest.raises(DomainError, match="既に策定が完了"):
        services.complete_plan(plan_a, date(2024, 10, 30), actor=advisor_a)
    plan_a.refresh_from_db()
    assert plan_a.completed_on == date(2024, 9, 30)


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
def test_approve_after_completion(completed_plan_a, advisor_a):
    plan = services.approve_plan(
        completed_plan_a, date(2024, 11, 20), " 埼玉県知事 ", actor=advisor_a
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_on == date(2024, 11, 20)
    assert plan.approving_body == "埼玉県知事"
    assert plan.is_followed
    assert actions(plan)[-1] == "business_plans.plan.approved"


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
def test_approve_refuses_a_date_before_completion_and_a_drafting_plan(
    completed_plan_a, plan_a, advisor_a
):
    with pytest.raises(DomainError, match="策定日より前"):
        services.approve_plan(completed_plan_a, date(2024, 9, 29), "埼玉県知事", actor=advisor_a)
    completed_plan_a.refresh_from_db()
    assert completed_plan_a.status == PlanStatus.COMPLETED
    assert completed_plan_a.approved_on is None


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
def test_approve_refuses_a_drafting_plan(business_a, advisor_a):
    plan = make_plan(business_a, advisor_a)
    with pytest.raises(DomainError, match="策定を完了して"):
        services.approve_plan(plan, date(2024, 9, 29), "埼玉県知事", actor=advisor_a)


def test_delete_only_a_drafting_plan(plan_a, advisor_a):
    services.delete_plan(plan_a, actor=advisor_a)
    assert not BusinessPlan.objects.exists()
    assert not PlanYearTarget.objects.exists()
    assert AuditEntry.objects.filter(action="business_plans.plan.deleted").count() == 1


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
def test_a_completed_plan_cannot_be_deleted(completed_plan_a, advisor_a):
    with pytest.raises(DomainError, match="作成中"):
        services.delete_plan(completed_plan_a, actor=advisor_a)
    assert BusinessPlan.objects.filter(pk=completed_plan_a.pk).exists()
