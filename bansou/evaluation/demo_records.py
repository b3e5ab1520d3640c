"""FY2024 demo records for the Kawaguchi plan's rules (see demo.py for the figures).

Written with bulk_create, so every derived field (fiscal_year, occurred_on, the business's
captured district and size) is set here as the models' save() and services would set it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps

from bansou.businesses.models import Business
from bansou.businesses.territory import recompute_record_territory
from bansou.followups import rules
from bansou.organizations.models import District

FY = 2024
SEED = 20250715  # the committee met on 2025-07-15
FY_START = date(FY, 4, 1)
HATOGAYA = "鳩ヶ谷"

# Published FY2024 figures the rules must reproduce, and the records they must ignore.
VISITS_INSIDE, VISITS_HATOGAYA = 1068, 845
REPEAT_VISITS, DESK_CHECKS = 60, 150
ANALYSES_COUNTED, ANALYSES_OUTSIDE, ANALYSES_NOT_SMALL, ANALYSES_DRAFT = 189, 50, 44, 20
PLANS_FY2024, DX_PLANS, PLANS_DRAFTING = 166, 24, 30
FOLLOWED_BY_KIND = {"innovation": 93, "startup": 44, "action": 62, "marukei": 13}
FOLLOWED_FROM_FY2024 = 120  # of the 212 followed businesses, plans completed early in FY2024
PROFIT_UP, TARGETS_MET_FLAT = 11, 7  # 11 + 7 = 18 businesses meeting their targets
CONTACTS_PER_YEAR = {1: 12, 2: 4, 3: 4, 4: 2}  # DOMAIN §3 frequencies


@dataclass(frozen=True)
class DemoPeople:
    lead: object
    advisors: list


def month_end(fiscal_month: int) -> date:
    """Last day of fiscal month 1 (April) … 12 (March) of FY2024."""
    year, month = divmod(FY_START.month - 1 + fiscal_month, 12)
    return date(FY + year, month + 1, 1) - timedelta(days=1)


def _day(rng: random.Random, first: int = 0, last: int = 364) -> date:
    return FY_START + timedelta(days=rng.randint(first, last))


class _Pool:
    """Businesses of the organization, handed out without reuse."""

    def __init__(self, organization, rng: random.Random):
        rows = list(
            Business.objects.filter(organization=organization)
            .order_by("pk")
            .values("pk", "district_id", "district__name", "district__in_territory", "is_small")
        )
        rng.shuffle(rows)
        self.hatogaya = [r for r in rows if r["district__name"] == HATOGAYA]
        self.inside = [r for r in rows if r["district__name"] != HATOGAYA and r["district_id"]
                       and r["district__in_territory"]]  # fmt: skip

    def take(self, group: str, count: int, *, small: bool | None = None) -> list[dict]:
        pool = getattr(self, group)
        chosen = [r for r in pool if small is None or bool(r["is_small"]) == small][:count]
        if len(chosen) < count:
            raise ValueError(
                f"the demo needs {count} more businesses ({group}, small={small}); "
                f"load more businesses before load_kawaguchi_demo"
            )
        taken = {r["pk"] for r in chosen}
        setattr(self, group, [r for r in pool if r["pk"] not in taken])
        return chosen


class _Writer:
    def __init__(self, organization, people: DemoPeople, rng: random.Random):
        self.organization, self.people, self.rng = organization, people, rng

    def facts(self, business: dict) -> dict:
        """BusinessRecord.capture_business_facts for a values() row."""
        return {
            "organization": self.organization,
            "business_id": business["pk"],
            "staff": self.rng.choice(self.people.advisors),
            "district_id": business["district_id"],
            "in_territory": business["district__in_territory"] if business["district_id"]
            else True,
            "is_small": business["is_small"],
        }  # fmt: skip


def create_records(organization, people: DemoPeople) -> None:
    rng = random.Random(SEED)
    pool = _Pool(organization, rng)
    writer = _Writer(organization, people, rng)
    _motivation_checks(writer, pool)
    _analyses(writer, pool)
    plans = _plans(writer, pool)
    _follow_ups(writer, plans)
    _events(writer, pool)
    # The rows above copy the district's flag; the territory is dated, so judge each on its day.
    recompute_record_territory(District.objects.filter(organization=organization))


def _motivation_checks(writer: _Writer, pool: _Pool) -> None:
    services = __import__("bansou.motivation.services", fromlist=["current_version"])
    services.ensure_default_questionnaire(writer.organization)
    version = services.current_version(writer.organization)
    model = apps.get_model("motivation", "MotivationCheck")
    rng = writer.rng

    def check(business, channel, day):
        score = Decimal(rng.randint(150, 950)) / 10
        rank = ("A" if score >= version.rank_a_min else "B" if score >= version.rank_b_min
                else "C" if score >= version.rank_c_min else "D")  # fmt: skip
        return model(version=version, checked_on=day, fiscal_year=FY, channel=channel,
                     score=score, rank=rank, **writer.facts(business))  # fmt: skip

    inside = pool.take("inside", VISITS_INSIDE)
    checks = [check(b, "visit", _day(rng, 0, 300)) for b in inside]
    checks += [check(b, "visit", _day(rng)) for b in pool.take("hatogaya", VISITS_HATOGAYA)]
    # Businesses visited twice in the year count once (distinct businesses).
    checks += [check(b, "visit", _day(rng, 301, 364)) for b in inside[:REPEAT_VISITS]]
    # Checks made at the desk are not 巡回 and do not count.
    checks += [check(b, "desk", _day(rng)) for b in pool.take("inside", DESK_CHECKS)]
    model.objects.bulk_create(checks, batch_size=1000)


def _analyses(writer: _Writer, pool: _Pool) -> None:
    model = apps.get_model("analysis", "BusinessAnalysis")
    rng = writer.rng

    def analysis(business, status="completed"):
        day = _day(rng)
        return model(analysed_on=day, fiscal_year=FY, status=status,
                     completed_on=day if status == "completed" else None,
                     **writer.facts(business))  # fmt: skip

    rows = [analysis(b) for b in pool.take("inside", ANALYSES_COUNTED, small=True)]
    rows += [analysis(b) for b in pool.take("hatogaya", ANALYSES_OUTSIDE)]
    rows += [analysis(b) for b in pool.take("inside", ANALYSES_NOT_SMALL, small=False)]
    rows += [analysis(b, "draft") for b in pool.take("inside", ANALYSES_DRAFT, small=True)]
    model.objects.bulk_create(rows, batch_size=1000)


def _plans(writer: _Writer, pool: _Pool) -> list:
    """166 plans completed in FY2024 and the FY2023 plans of businesses followed in FY2024."""
    model = apps.get_model("business_plans", "BusinessPlan")
    rng = writer.rng
    followed_kinds = [k for k, n in FOLLOWED_BY_KIND.items() for _ in range(n)]
    rng.shuffle(followed_kinds)
    plans = []
    for index, kind in enumerate(followed_kinds):
        business = pool.take("inside", 1, small=True)[0]
        if index < FOLLOWED_FROM_FY2024:
            completed = _day(rng, 0, 150)  # completed early in FY2024, followed since
        else:
            completed = date(FY - 1, 4, 1) + timedelta(days=rng.randint(0, 364))
        plans.append((business, kind, completed, True))
    late_kinds = ["subsidy", "resilience", "innovation", "other", "action"]
    for index in range(PLANS_FY2024 - FOLLOWED_FROM_FY2024):
        business = pool.take("inside", 1, small=True)[0]
        plans.append((business, late_kinds[index % 5], _day(rng, 320, 364), False))
    rows = []
    for index, (business, kind, completed, followed) in enumerate(plans):
        fy = FY if completed >= FY_START else FY - 1
        rows.append(
            model(
                title=f"事業計画（{index + 1:03d}）", kind=kind, is_dx=index % 7 == 0,
                status="approved" if kind == "innovation" else "completed",
                started_on=completed - timedelta(days=rng.randint(30, 120)),
                completed_on=completed, fiscal_year=fy, baseline_fiscal_year=fy - 1,
                baseline_sales=rng.randint(8_000, 200_000), baseline_profit=rng.randint(200, 9_000),
                follow_up_group=1 + index % 4 if followed else None, **writer.facts(business),
            )
        )  # fmt: skip
    dx_in_fy2024 = sum(1 for r in rows if r.is_dx and r.fiscal_year == FY)
    assert dx_in_fy2024 == DX_PLANS, dx_in_fy2024  # the demo's own arithmetic
    rows += [
        model(title="策定中の事業計画", kind="startup", status="drafting",
              started_on=_day(rng, 200, 364), **writer.facts(b))
        for b in pool.take("inside", PLANS_DRAFTING, small=True)
    ]  # fmt: skip
    created = model.objects.bulk_create(rows, batch_size=1000)
    return [p for p, (*_rest, followed) in zip(created, plans, strict=False) if followed]


def _follow_ups(writer: _Writer, plans: list) -> None:
    contact_model = apps.get_model("followups", "FollowUpContact")
    report_model = apps.get_model("followups", "FollowUpReport")
    rng = writer.rng
    contacts, reports = [], []
    for index, plan in enumerate(plans):
        facts = writer.facts(
            {"pk": plan.business_id, "district_id": plan.district_id,
             "district__in_territory": plan.in_territory, "is_small": plan.is_small}
        )  # fmt: skip
        start = max(plan.completed_on, FY_START)
        days = (date(FY + 1, 3, 31) - start).days
        per_year = CONTACTS_PER_YEAR[plan.follow_up_group]
        count = max(1, round(per_year * days / 365))
        for n in range(count):
            day = start + timedelta(days=min(days, (n * days) // count + rng.randint(0, 5)))
            contacts.append(contact_model(plan=plan, contacted_on=day, fiscal_year=FY,
                                          channel=rng.choice(["visit", "call", "follow_call"]),
                                          **facts))  # fmt: skip
        if index < PROFIT_UP:
            profit, targets_met = plan.baseline_profit + rng.randint(100, 900), True
        elif index < PROFIT_UP + TARGETS_MET_FLAT:
            profit, targets_met = plan.baseline_profit, True
        else:
            profit, targets_met = plan.baseline_profit - rng.randint(50, 500), False
        trend = {1: "up", 0: "flat", -1: "down"}[
            (profit > plan.baseline_profit) - (profit < plan.baseline_profit)
        ]
        wants = index % 2 == 0
        group = (1 if wants else 2) if trend == "down" else (3 if wants else 4)
        reported = start + timedelta(days=min(days, 180))
        reports.append(
            report_model(
                plan=plan, reported_on=reported, fiscal_year=FY, period_fiscal_year=FY,
                sales=plan.baseline_sales, profit=profit, wants_support=wants,
                profit_trend=trend, sales_trend="flat", group=group,
                next_contact_due=rules.next_due(reported, group),
                profit_increased=trend == "up", targets_met=targets_met, **facts,
            )
        )  # fmt: skip
        # The plan is in the group its (last) report gives, as followups.services keeps it.
        plan.follow_up_group, plan.last_reported_on = group, reported
        plan.follow_up_due = rules.next_due(reported, group)
        plan.next_report_due = rules.report_due(reported)
    contact_model.objects.bulk_create(contacts, batch_size=1000)
    report_model.objects.bulk_create(reports, batch_size=1000)
    apps.get_model("business_plans", "BusinessPlan").objects.bulk_update(
        plans, ["follow_up_group", "follow_up_due", "last_reported_on", "next_report_due"],
        batch_size=500,
    )  # fmt: skip


def delete_records(organizations) -> None:
    for label in (
        "followups.FollowUpReport", "followups.FollowUpContact", "business_plans.BusinessPlan",
        "analysis.BusinessAnalysis", "motivation.MotivationCheck",
        "events.EventParticipation", "events.Event",
    ):  # fmt: skip
        apps.get_model(label).objects.filter(organization__in=organizations).delete()


# Events of FY2024 (section 6 of the report): exhibitors counted once per business, matchmaking
# participations counted each time; deals summed. (kind, title, fiscal month, participants,
# deals closed), with businesses of the first exhibition returning to the second.
EVENTS = [
    ("exhibition", "ものづくり展示会（東京ビッグサイト）", 5, 10, 4),
    ("exhibition", "川口ものづくりフェア", 10, 8, 3),  # 3 of them exhibited in May too
    ("matchmaking", "受発注商談会（春）", 3, 16, 2),
    ("matchmaking", "受発注商談会（秋）", 7, 15, 1),
    ("matchmaking", "広域受発注商談会", 11, 16, 2),
    ("seminar", "販路開拓セミナー", 6, 25, 0),  # a seminar is not an exhibition
]
RETURNING_EXHIBITORS = 3  # 10 + 8 − 3 = 15 exhibitors; matchmaking 16 + 15 + 16 = 47


def _events(writer: _Writer, pool: _Pool) -> None:
    event_model = apps.get_model("events", "Event")
    participation_model = apps.get_model("events", "EventParticipation")
    rng = writer.rng
    rows, first_exhibitors = [], []
    for kind, title, month, participants, deals in EVENTS:
        held_on = month_end(month) - timedelta(days=rng.randint(3, 20))
        event = event_model.objects.create(
            organization=writer.organization, kind=kind, name=title, held_on=held_on
        )
        if kind == "exhibition" and first_exhibitors:
            businesses = first_exhibitors[:RETURNING_EXHIBITORS]
            businesses += pool.take("inside", participants - RETURNING_EXHIBITORS)
        else:
            businesses = pool.take("inside", participants)
            if kind == "exhibition":
                first_exhibitors = businesses
        deals_left = deals
        for business in businesses:
            closed = 1 if deals_left > 0 else 0
            deals_left -= closed
            rows.append(
                participation_model(event=event, participated_on=held_on, fiscal_year=FY,
                                    deals_closed=closed,
                                    new_trading_partners=closed, **writer.facts(business))
            )  # fmt: skip
    participation_model.objects.bulk_create(rows, batch_size=1000)
