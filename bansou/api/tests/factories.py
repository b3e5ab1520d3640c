"""Records of each kind the API serves, built through the real services."""

from datetime import date

from bansou.business_plans.tests.factories import make_analysis, make_completed_plan
from bansou.followups import services as followups
from bansou.motivation import services as motivation
from bansou.support.tests.factories import make_record


def _check(business, staff):
    version = motivation.current_version(business.organization)
    return motivation.record_check(
        business=business,
        staff=staff,
        version=version,
        checked_on=date(2024, 6, 3),
        points_by_item={item.pk: 2 for item in version.items.all()},
        actor=staff,
    )


def records_of(business, staff) -> dict:
    """One record of each kind the API serves, about `business`."""
    analysis = make_analysis(business, staff, analysed_on=date(2024, 5, 10))
    plan = make_completed_plan(business, staff, analysis=analysis, completed_on=date(2024, 9, 30))
    support = make_record(business, staff, next_action="決算書を受け取る")
    report = followups.record_report(
        plan,
        reported_on=date(2025, 3, 30),
        sales=10_000,
        profit=400,
        wants_support=True,
        period_fiscal_year=2024,
        actor=staff,
    )
    contact = followups.record_contact(
        plan, contacted_on=date(2025, 4, 20), channel="call", note="電話で状況確認", actor=staff
    )
    return {
        "businesses": business,
        "support-records": support,
        "motivation-checks": _check(business, staff),
        "analyses": analysis,
        "business-plans": plan,
        "followup-reports": report,
        "followup-contacts": contact,
    }
