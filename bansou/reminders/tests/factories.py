"""Plans and next actions dated for the reminders' tests."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bansou.business_plans.models import BusinessPlan
from bansou.business_plans.tests.factories import make_completed_plan
from bansou.support.models import SupportRecord

TOKYO = ZoneInfo("Asia/Tokyo")


def dated_plan(business, staff, title, *, follow_up_due=None, next_report_due=None, **fields):
    plan = make_completed_plan(business, staff, title=title, **fields)
    BusinessPlan.objects.filter(pk=plan.pk).update(
        follow_up_due=follow_up_due, next_report_due=next_report_due
    )
    plan.refresh_from_db()
    return plan


def next_action(business, staff, text, due, on=date(2025, 1, 10)):
    record = SupportRecord(
        business=business,
        staff=staff,
        occurred_at=datetime.combine(on, time(10), tzinfo=TOKYO),
        channel="visit",
        next_action=text,
        next_action_due=due,
    )
    record.capture_business_facts()
    record.save()
    return record
