"""The Kawaguchi demo: the shipped plan, FY2024 records and the rows counted by hand.

load_kawaguchi_demo(organization) imports plans/kawaguchi-2023-2025.yaml and writes FY2024
records (bulk_create, over the businesses already in the organization) arranged so that the
plan's rules give the committee's published actuals — 1,913 motivation-check visits of which
845 in 鳩ヶ谷 → 1,068; 283 analyses of which 94 outside the territory or not small → 189;
166 plans; 212 followed businesses (93/44/62/13 by kind of plan); 11 with profit up, 18 with
targets met; 15 exhibitors with 7 deals; 47 matchmaking participations with 5 deals — plus
records the rules must *not* count (desk checks, drafts, repeat visits, seminars), the manual
actuals, 実施なし with reasons, remarks, and the figures the report published.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.db import transaction

from bansou.accounts.models import Role, User

from . import services
from .demo_records import FY, DemoPeople, create_records, month_end
from .models import ItemYear, ManualActual, PlanItem, PlanSection, SectionYear

PLAN_FILE = Path(__file__).parent / "plans" / "kawaguchi-2023-2025.yaml"

# Rows the chamber counts by hand: the FY2024 actual printed in the report, and the months in
# which the entries fall (surveys quarterly or monthly; meetings as held; the rest spread).
# Sections 6 and 10 come from programme records (bansou/programmes/demo.py) and, for the
# productivity row, from the DX matching's needs (bansou/dxmatch/demo.py).
QUARTERS = (3, 6, 9, 12)
MANUAL_ACTUALS: dict[str, tuple[int, tuple[int, ...] | None]] = {
    "mienaresas": (0, None),
}
EVIDENCE = "令和6年度 経営発達支援事業評価委員会報告の実績（担当課の集計）"

NOT_CARRIED_OUT = {
    "crowdfunding-survey": "R6実施なし",
    "voucher-survey": "R6実施なし",
    "voucher-stores": "R6実施なし",
    "cashless": "R6実施なし",
    "joint-press": "R6実施なし",
    "press-release": (
        "R6「合同プレス発表会」実施なしのため、紐づいた「プレスリリースセミナー」の開催なし"
    ),
}
NOT_REPORTED = ("diagnosis-sales-up", "streaming-sales-up", "sns-sales-up")
# Sections 1②③, 3③, 7, 8 and 9 are counted from the meeting register, publications and
# staff development (bansou/meetings/demo.py writes the records behind them).
CARRIED_OUT: tuple[str, ...] = ()
ROW_REMARKS = {
    "support-guide": "支援事例の共有",
    "team-kawabiz": "よろず支援拠点との連携あり\nその他、「チーム・かわビズ連携報告会」を開催",
    "imise-award": (
        "8,000件超の投票、約600店の候補\nR5はi-mise以外にもSDGs経営を実施したが、R6実施なし"
    ),
}
# What the report printed for each section (and section 6's parts): percent, grade.
PUBLISHED: dict[str, tuple[str | None, str]] = {
    "economic-trends": ("172.2", "A"),
    "demand-trends": ("80.0", "B"),
    "business-analysis": ("96.6", "B"),
    "business-plans": ("139.3", "A"),
    "follow-up": ("114.8", "A"),
    "new-demand": (None, "B"),
    "manufacturers": ("51.4", "C"),
    "retailers": ("176.5", "A"),
    "all-trades": ("866.7", "A"),
    "review": (None, "A"),  # printed as "100%以上 → A"
    "staff-capability": (None, "A"),
    "cooperation": (None, "A"),
    "regional-economy": (None, "A"),
}
SECTION_REMARKS = {
    "economic-trends": "【参考】いずれの目標も「開催および公表方法はHP掲載」としている",
}


def spread(total: int, months: tuple[int, ...] | None) -> list[tuple[int, int]]:
    """(fiscal month 1–12, amount) entries adding up to `total`."""
    if total == 0:
        return [(12, 0)]  # a reported 0 is a real 0 (DOMAIN §2)
    if months is None:
        count = min(total, 12)
        months = tuple(round((i + 1) * 12 / count) for i in range(count))
    base, extra = divmod(total, len(months))
    return [(m, base + (1 if i < extra else 0)) for i, m in enumerate(months)]


def _people(organization) -> DemoPeople:
    users = list(User.objects.filter(organization=organization).order_by("pk"))
    if not users:
        raise ValueError("the demo organization has no users")
    lead = next((u for u in users if u.role == Role.LEAD_ADVISOR), users[0])
    advisors = [u for u in users if u.role in (Role.ADVISOR, Role.LEAD_ADVISOR)] or [lead]
    return DemoPeople(lead=lead, advisors=advisors)


@transaction.atomic
def load_kawaguchi_demo(organization):
    """Import the shipped plan and write the FY2024 demo (records, manual actuals, statuses)."""
    people = _people(organization)
    plan = services.import_definition(
        organization, PLAN_FILE.read_text(encoding="utf-8"), actor=people.lead
    )
    create_records(organization, people)
    # Sections 6 and 10: programmes and their outcomes (bansou/programmes/demo.py).
    from bansou.programmes.demo import create_programme_records

    create_programme_records(organization, people)
    # 労働生産性向上支援 (25): needs sent to the DX vendor network in FY2024.
    from bansou.dxmatch.demo import load_fy2024 as load_dx_matching

    load_dx_matching(organization)
    from bansou.meetings.demo import create_meeting_records

    # Plan §1 ①'s survey rounds, counted by their rules (bansou/surveys/demo.py).
    from bansou.surveys.demo import load_survey_demo

    load_survey_demo(organization, staff=people.lead)
    # Plan §2 ③'s exhibition surveys, counted by their rule (bansou/demand/demo.py).
    from bansou.demand.demo import create_fy2024_surveys

    create_fy2024_surveys(organization, people)
    items = {item.key: item for item in PlanItem.objects.filter(plan=plan)}
    entries = []
    for key, (total, months) in MANUAL_ACTUALS.items():
        for month, amount in spread(total, months):
            entries.append(
                ManualActual(
                    organization=organization,
                    item=items[key],
                    fiscal_year=FY,
                    recorded_on=month_end(month),
                    value=Decimal(amount),
                    evidence=EVIDENCE,
                    entered_by=people.lead,
                )
            )
    ManualActual.objects.bulk_create(entries)
    years = [
        ItemYear(organization=organization, item=items[key], fiscal_year=FY,
                 status=ItemYear.Status.NOT_CARRIED_OUT, reason=reason, updated_by=people.lead)
        for key, reason in NOT_CARRIED_OUT.items()
    ] + [
        ItemYear(organization=organization, item=items[key], fiscal_year=FY,
                 status=ItemYear.Status.NOT_REPORTED, updated_by=people.lead)
        for key in NOT_REPORTED
    ] + [
        ItemYear(organization=organization, item=items[key], fiscal_year=FY,
                 status=ItemYear.Status.CARRIED_OUT, remarks=ROW_REMARKS.get(key, ""),
                 updated_by=people.lead)
        for key in CARRIED_OUT
    ]  # fmt: skip
    with_status = {y.item_id for y in years}
    years += [
        ItemYear(organization=organization, item=items[key], fiscal_year=FY, remarks=text,
                 updated_by=people.lead)
        for key, text in ROW_REMARKS.items()
        if items[key].pk not in with_status
    ]  # fmt: skip
    ItemYear.objects.bulk_create(years)
    # After the plan's years are set: the coordinator meetings freeze their month's progress.
    create_meeting_records(organization, people)
    sections = {s.key: s for s in PlanSection.objects.filter(plan=plan)}
    SectionYear.objects.bulk_create(
        SectionYear(
            organization=organization,
            section=sections[key],
            fiscal_year=FY,
            published_percent=Decimal(rate) if rate else None,
            published_grade=grade,
            remarks=SECTION_REMARKS.get(key, ""),
        )
        for key, (rate, grade) in PUBLISHED.items()
    )
    return plan


def remove_kawaguchi_demo(organizations) -> None:
    """Delete what load_kawaguchi_demo wrote (before the demo's businesses are deleted)."""
    from bansou.meetings.demo import delete_meeting_records
    from bansou.programmes.demo import delete_programme_records
    from bansou.surveys.demo import remove_survey_demo

    from .demo_records import delete_records
    from .models import DevelopmentPlan

    delete_programme_records(organizations)
    delete_meeting_records(organizations)
    from bansou.demand.demo import remove_demand_demo

    remove_demand_demo(organizations)
    delete_records(organizations)
    remove_survey_demo(organizations)
    DevelopmentPlan.objects.filter(organization__in=organizations).delete()
