"""Builders for the start page's tests: plans, support records and checks of one advisor."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bansou.business_plans.choices import PlanKind, PlanStatus
from bansou.business_plans.models import BusinessPlan
from bansou.motivation import services as motivation
from bansou.support.models import SupportRecord

TOKYO = ZoneInfo("Asia/Tokyo")
# A Wednesday: the week runs to Sunday 2025-06-15.
TODAY = date(2025, 6, 11)


def make_plan(business, staff, **fields) -> BusinessPlan:
    values = {
        "title": "新商品開発計画",
        "kind": PlanKind.ACTION,
        "status": PlanStatus.COMPLETED,
        "started_on": date(2025, 4, 1),
        "completed_on": date(2025, 5, 1),
        **fields,
    }
    plan = BusinessPlan(business=business, staff=staff, **values)
    plan.capture_business_facts()
    plan.save()
    return plan


def make_record(business, staff, on: date, **fields) -> SupportRecord:
    record = SupportRecord(
        business=business,
        staff=staff,
        occurred_at=datetime.combine(on, time(10), tzinfo=TOKYO),
        **{"channel": "visit", **fields},
    )
    record.capture_business_facts()
    record.save()
    return record


def make_check(business, staff, points=2, **extra):
    version = motivation.current_version(business.organization)
    return motivation.record_check(
        business=business,
        staff=staff,
        version=version,
        checked_on=date(2025, 5, 20),
        points_by_item={item.pk: points for item in version.items.all()},
        actor=staff,
        **extra,
    )


@pytest.fixture
def colleague(chamber_a):
    from bansou.accounts.models import Role
    from bansou.testing import make_user

    return make_user(chamber_a, Role.ADVISOR, "colleague-a")
