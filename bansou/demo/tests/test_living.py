"""The living demo: deterministic, FY2023 evaluated from records, an advisor's day that is full."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from bansou.accounts.models import Role, User
from bansou.analysis.models import BusinessAnalysis, FinancialStatement
from bansou.business_plans.models import BusinessPlan
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.engine import evaluate, get_plan
from bansou.evaluation.models import ManualActual
from bansou.evaluation.tests.conftest import build_demo_chamber
from bansou.events.models import EventParticipation
from bansou.followups.models import FollowUpContact, FollowUpReport
from bansou.motivation.models import MotivationAnswer, MotivationCheck
from bansou.support.models import NARRATIVE_FIELDS, SupportRecord, SupportRecordTheme
from bansou.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 11)  # a Wednesday of FY2025: "this week" runs to Sunday the 15th
TOKYO = ZoneInfo("Asia/Tokyo")
RECORDS_PER_YEAR = 300


@pytest.fixture
def chamber():
    organization = build_demo_chamber(businesses=4000)
    for n in range(2, 5):
        make_user(organization, Role.ADVISOR, f"kawaguchi-advisor-{n:02d}")
    load_kawaguchi_demo(organization)
    return organization


def _load(organization, today=TODAY, seed=11):
    from bansou.demand.demo import load_living_demand
    from bansou.demo.living import load_living

    load_living(organization, today=today, seed=seed, records_per_year=RECORDS_PER_YEAR)
    # Section 2's FY2023 rows count demand surveys, which `bansou demo` loads after the
    # partners (their experts give the feedback).
    load_living_demand(organization, today=today)


def _snapshot(organization) -> dict[str, list]:
    """Everything the living demo writes, without database ids."""
    queries = {
        "support": SupportRecord.objects.values_list(
            "business__name", "occurred_at", "channel", "staff__username", "next_action_due",
            *NARRATIVE_FIELDS, "next_action",
        ),
        "themes": SupportRecordTheme.objects.values_list(
            "record__business__name", "record__occurred_at", "theme"
        ),
        "checks": MotivationCheck.objects.values_list(
            "business__name", "checked_on", "channel", "score", "rank", "in_territory"
        ),
        "answers": MotivationAnswer.objects.values_list(
            "motivation_check__business__name", "motivation_check__checked_on", "item__order",
            "points",
        ),
        "analyses": BusinessAnalysis.objects.values_list("business__name", "analysed_on", "status"),
        "statements": FinancialStatement.objects.values_list(
            "analysis__business__name", "period_end", "sales", "operating_profit", "net_assets"
        ),
        "plans": BusinessPlan.objects.values_list(
            "business__name", "kind", "completed_on", "follow_up_group", "follow_up_due",
            "next_report_due",
        ),
        "reports": FollowUpReport.objects.values_list(
            "business__name", "reported_on", "profit", "group", "targets_met"
        ),
        "contacts": FollowUpContact.objects.values_list("business__name", "contacted_on", "note"),
        "events": EventParticipation.objects.values_list(
            "event__name", "business__name", "deals_closed"
        ),
        "manual": ManualActual.objects.values_list("item__key", "fiscal_year", "value"),
    }  # fmt: skip
    return {
        name: sorted(qs.filter(organization=organization), key=repr) for name, qs in queries.items()
    }


def _load_and_roll_back(organization, **options) -> dict[str, list]:
    with transaction.atomic():
        savepoint = transaction.savepoint_create()
        _load(organization, **options)
        snapshot = _snapshot(organization)
        transaction.savepoint_rollback(savepoint)
    return snapshot


def test_same_seed_and_day_give_the_same_data(chamber):
    first = _load_and_roll_back(chamber)
    assert SupportRecord.objects.filter(organization=chamber).count() == 0  # rolled back
    second = _load_and_roll_back(chamber)
    assert first == second
    assert all(first.values()), [name for name, rows in first.items() if not rows]
    other_day = _load_and_roll_back(chamber, today=date(2025, 6, 12))
    assert other_day["support"] != first["support"]


def test_fy2024_stays_and_fy2023_is_graded_from_its_records_which_are_complete(chamber):
    with translation.override("ja"):
        before = evaluate(get_plan(chamber, 2024), 2024)
        _load(chamber)
        after = evaluate(get_plan(chamber, 2024), 2024)
        fy2023 = evaluate(get_plan(chamber, 2023), 2023)

    def figures(result):
        return [(s.number, s.actual, s.target, s.percent, s.grade) for s in result.sections]

    assert figures(after) == figures(before)
    assert after.section(5).actual == 241  # followed 212 + profit up 11 + targets met 18
    for section in fy2023.sections:
        if section.grade_basis == "qualitative":
            assert section.grade == "A"
            continue
        assert section.actual, f"section {section.number} has no FY2023 data"
        assert section.grade in {"A", "B", "C"}, (section.number, section.percent)
    for row in ("motivation-checks", "analyses", "plans", "followed-businesses", "exhibitors"):
        assert fy2023.row(row).actual > 0, row

    # Every check has its answers, every completed analysis three periods of statements.
    checks = MotivationCheck.objects.filter(organization=chamber)
    assert checks.exists() and not checks.filter(answers__isnull=True).exists()
    completed = BusinessAnalysis.objects.filter(organization=chamber, status="completed")
    periods = {a.pk: a.statements.count() for a in completed.prefetch_related("statements")}
    assert periods and set(periods.values()) == {3}
    # The plan's group is the one its last six-monthly report gave (DOMAIN §3).
    for plan in BusinessPlan.objects.filter(organization=chamber, follow_up_group__isnull=False):
        last = FollowUpReport.objects.filter(plan=plan).order_by("-reported_on", "-pk").first()
        assert last is not None and last.group == plan.follow_up_group, plan.pk


def test_the_advisor_a_new_user_logs_in_as_has_a_full_day(chamber, client):
    _load(chamber)
    advisor = User.objects.get(organization=chamber, username="kawaguchi-advisor")
    with time_machine.travel(datetime(2025, 6, 11, 10, 0, tzinfo=TOKYO), tick=False):
        # Through the login form: django-axes needs the request that Client.login lacks.
        logged_in = client.post(
            reverse("accounts:login"), {"username": advisor.username, "password": PASSWORD}
        )
        assert logged_in.status_code == 302
        response = client.get(reverse("core:home"))
        day = response.context["day"]
        assert day.follow_ups.overdue >= 1
        assert day.follow_ups.this_week >= 1
        assert len(day.recent_records) == 10
        assert day.recent_records[0].occurred_on >= date(2025, 5, 1)
        search = client.get(reverse("support:search"), {"q": "資金繰り"})
    assert search.status_code == 200
    assert search.context["page"].paginator.count > 0
    overdue_reports = BusinessPlan.objects.filter(
        organization=chamber, next_report_due__lt=TODAY, status__in=["completed", "approved"]
    )
    assert overdue_reports.exists()  # 報告未着
    assert FollowUpContact.objects.filter(
        organization=chamber, note__contains="ご報告のお願い"
    ).exists()


def test_a_bad_day_is_refused_and_nothing_is_written():
    from django.core.management import CommandError, call_command

    from bansou.organizations.models import Organization

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("demo", today="2026-13-01")
    with pytest.raises(ValueError, match="2023-04-01"):
        from bansou.demo.services import load_demo

        load_demo(businesses=10, other_businesses=1, today=date(2023, 3, 31))
    assert not Organization.objects.exists()
