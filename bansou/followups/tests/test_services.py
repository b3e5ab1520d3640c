"""Recording reports and contacts: groups, due dates, outcomes; bad input writes nothing."""

from datetime import date

import pytest
import time_machine
from django.utils import timezone, translation

from bansou.audit.models import AuditEntry
from bansou.business_plans.models import BusinessPlan
from bansou.core.errors import DomainError
from bansou.followups import services
from bansou.followups.models import FollowUpContact, FollowUpReport

pytestmark = pytest.mark.django_db

NOW = "2025-06-10T10:00:00+09:00"


@pytest.fixture(autouse=True)
def japanese():
    with translation.override("ja"):
        yield


def report(plan, actor, *, on=date(2025, 3, 31), sales=10_500, profit=450, wants=True, year=2024):
    return services.record_report(
        plan,
        reported_on=on,
        sales=sales,
        profit=profit,
        wants_support=wants,
        period_fiscal_year=year,
        actor=actor,
    )


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("sales", "profit", "wants", "group", "due"),
    [
        # Baseline FY2023: sales 10,000, profit 500. Reported 2025-03-31 (last day of FY2024).
        (10_500, 450, True, 1, date(2025, 4, 30)),  # profit down although sales rose
        (9_000, 400, False, 2, date(2025, 6, 30)),
        (9_000, 600, True, 3, date(2025, 6, 30)),  # profit up although sales fell
        (11_000, 600, False, 4, date(2025, 9, 30)),
        (11_000, 500, False, 4, date(2025, 9, 30)),  # flat profit is not down
        (9_000, None, False, 2, date(2025, 6, 30)),  # no profit: sales decide
    ],
)
def test_report_sets_the_group_and_next_contact(
    completed_plan_a, advisor_a, sales, profit, wants, group, due
):
    saved = report(completed_plan_a, advisor_a, sales=sales, profit=profit, wants=wants)
    assert saved.group == group
    assert saved.next_contact_due == due
    assert saved.fiscal_year == 2024
    plan = BusinessPlan.objects.get(pk=completed_plan_a.pk)
    assert plan.follow_up_group == group
    assert plan.follow_up_due == due
    assert plan.last_reported_on == date(2025, 3, 31)
    assert plan.next_report_due == date(2025, 9, 30)


@time_machine.travel("2026-06-10T10:00:00+09:00", tick=False)
def test_report_outcomes_against_baseline_and_the_year_target(completed_plan_a, advisor_a):
    # FY2024 target: sales 11,000 and profit 600.
    met = report(completed_plan_a, advisor_a, sales=11_000, profit=600, year=2024)
    assert (met.profit_trend, met.sales_trend) == ("up", "up")
    assert met.profit_increased is True
    assert met.targets_met is True
    # Each report answers its own six-monthly period of the plan's schedule.
    short = report(
        completed_plan_a, advisor_a, on=date(2025, 9, 30), sales=11_500, profit=550, year=2024
    )
    assert short.profit_increased is True
    assert short.targets_met is False
    no_target = report(
        completed_plan_a, advisor_a, on=date(2026, 3, 31), sales=20_000, profit=2_000, year=2027
    )
    assert no_target.targets_met is None


@time_machine.travel(NOW, tick=False)
def test_report_captures_the_business_facts_and_audits(completed_plan_a, advisor_a, district_a):
    saved = report(completed_plan_a, advisor_a)
    assert saved.organization_id == completed_plan_a.organization_id
    assert saved.district == district_a
    assert saved.is_small is True
    assert saved.staff == advisor_a
    entry = AuditEntry.objects.for_object(saved).get()
    assert entry.action == "followups.report.created"
    assert entry.changes["group"]["new"].startswith("グループ1")
    plan_entry = AuditEntry.objects.for_object(completed_plan_a).latest("pk")
    assert plan_entry.action == "followups.plan.rescheduled"


def test_report_for_a_plan_not_completed_is_refused(drafting_plan_a, advisor_a):
    with pytest.raises(DomainError, match="策定が完了した事業計画がありません") as caught:
        report(drafting_plan_a, advisor_a)
    assert caught.value.code == "no_plan"
    assert not FollowUpReport.objects.exists()
    drafting_plan_a.refresh_from_db()
    assert drafting_plan_a.follow_up_group is None
    assert not AuditEntry.objects.filter(action__startswith="followups").exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("on", "year", "message"),
    [
        (None, 2024, "報告日を入力"),
        (date(2025, 6, 11), 2024, "未来"),
        (date(2024, 9, 29), 2024, "計画の策定日（令和6年9月30日）より前"),
        (date(2025, 3, 31), 2023, "基準年度より後"),
        (date(2025, 3, 31), None, "どの計画年度のものか"),
    ],
)
def test_bad_report_input_writes_nothing(completed_plan_a, advisor_a, on, year, message):
    with pytest.raises(DomainError, match=message):
        report(completed_plan_a, advisor_a, on=on, year=year)
    assert not FollowUpReport.objects.exists()
    plan = BusinessPlan.objects.get(pk=completed_plan_a.pk)
    assert plan.follow_up_group is None
    assert plan.follow_up_due == date(2025, 3, 30)


@time_machine.travel(NOW, tick=False)
def test_a_late_entered_older_report_does_not_move_the_plan(completed_plan_a, advisor_a):
    with time_machine.travel("2025-12-10T10:00:00+09:00", tick=False):
        # The second period's report, then the first period's entered late.
        report(completed_plan_a, advisor_a, on=date(2025, 10, 10), profit=600, wants=False)
        report(completed_plan_a, advisor_a, on=date(2025, 3, 20), profit=400, wants=True)
    plan = BusinessPlan.objects.get(pk=completed_plan_a.pk)
    assert plan.follow_up_group == 4
    assert plan.follow_up_due == date(2026, 4, 10)
    assert plan.next_report_due == date(2026, 3, 30)
    assert FollowUpReport.objects.count() == 2


@time_machine.travel(NOW, tick=False)
def test_each_later_contact_moves_the_due_date(completed_plan_a, advisor_a):
    report(completed_plan_a, advisor_a, on=date(2025, 3, 31), profit=400, wants=True)  # group 1
    assert BusinessPlan.objects.get(pk=completed_plan_a.pk).follow_up_due == date(2025, 4, 30)
    contact = services.record_contact(
        completed_plan_a,
        contacted_on=date(2025, 4, 28),
        channel="follow_call",
        note="資金繰りの状況を確認",
        actor=advisor_a,
    )
    assert contact.fiscal_year == 2025
    assert BusinessPlan.objects.get(pk=completed_plan_a.pk).follow_up_due == date(2025, 5, 28)
    # Month-end: a contact on May 31 is due again on June 30.
    services.record_contact(
        completed_plan_a, contacted_on=date(2025, 5, 31), channel="visit", actor=advisor_a
    )
    assert BusinessPlan.objects.get(pk=completed_plan_a.pk).follow_up_due == date(2025, 6, 30)
    # A contact entered late does not bring the date back.
    services.record_contact(
        completed_plan_a, contacted_on=date(2025, 4, 2), channel="desk", actor=advisor_a
    )
    assert BusinessPlan.objects.get(pk=completed_plan_a.pk).follow_up_due == date(2025, 6, 30)
    assert FollowUpContact.objects.count() == 3
    assert AuditEntry.objects.filter(action="followups.contact.created").count() == 3


@time_machine.travel(NOW, tick=False)
def test_a_contact_before_the_first_report_leaves_the_report_due(completed_plan_a, advisor_a):
    services.record_contact(
        completed_plan_a, contacted_on=date(2025, 1, 15), channel="visit", actor=advisor_a
    )
    plan = BusinessPlan.objects.get(pk=completed_plan_a.pk)
    assert plan.follow_up_due == date(2025, 3, 30)
    assert plan.follow_up_group is None


def test_a_contact_for_a_plan_not_completed_is_refused(drafting_plan_a, advisor_a):
    with pytest.raises(DomainError, match="策定が完了した事業計画がありません"):
        services.record_contact(
            drafting_plan_a, contacted_on=date(2025, 1, 15), channel="visit", actor=advisor_a
        )
    assert not FollowUpContact.objects.exists()


@pytest.mark.parametrize(
    ("moment", "fiscal_year", "due"),
    [
        ("2025-03-31T14:59:00+00:00", 2024, date(2025, 4, 30)),  # 23:59 JST on Mar 31
        ("2025-03-31T15:00:00+00:00", 2025, date(2025, 5, 1)),  # 00:00 JST on Apr 1
    ],
)
def test_a_report_recorded_today_at_the_fiscal_year_boundary(
    completed_plan_a, advisor_a, moment, fiscal_year, due
):
    with time_machine.travel(moment, tick=False):
        saved = report(completed_plan_a, advisor_a, on=timezone.localdate(), profit=400)
    assert saved.fiscal_year == fiscal_year
    assert saved.group == 1
    assert saved.next_contact_due == due
