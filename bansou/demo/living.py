"""The living demo: records of every kind from FY2023 up to the day the demo is loaded.

load_living(organization, today=…) runs after the FY2024 reproduction (evaluation/demo.py)
and adds what a working chamber has: support records with narratives in every year, answers
behind every motivation check, three years of financial statements behind every completed
analysis, FY2023 and FY2025+ checks, analyses, plans, follow-up reports and contacts and
events, and FY2023's hand-counted rows. It never writes a record the FY2024 rules count:
support records are counted by no rule, and follow-up reports and contacts, checks,
analyses, plans and events are written only outside FY2024 (answers, statements and year
targets hang off existing rows and change no count). Deterministic for a seed and a day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bansou.accounts.models import Role, User
from bansou.analysis.models import BusinessAnalysis, FinancialStatement
from bansou.business_plans.models import BusinessPlan, PlanYearTarget
from bansou.businesses.models import Business
from bansou.events.models import Event, EventParticipation
from bansou.followups import rules
from bansou.followups.models import FollowUpContact, FollowUpReport
from bansou.lib.eras import fiscal_year, fiscal_year_label
from bansou.motivation import scoring
from bansou.motivation import services as motivation_services
from bansou.motivation.models import MotivationAnswer, MotivationCheck
from bansou.support.models import SupportRecord, SupportRecordTheme

from .names import TRADES
from .narratives import ANALYSIS_TEXT, THEME_WEIGHTS, compose

FIRST_DAY = date(2023, 4, 1)
REPRODUCED_FY = 2024  # the committee's year: its counted records come from evaluation/demo.py
MERGER_DAY = date(2025, 4, 1)  # 鳩ヶ谷 is inside the territory from FY2025 (DOMAIN §2)
HATOGAYA = "鳩ヶ谷"
MAIN_ADVISOR = "kawaguchi-advisor"
MAIN_ADVISOR_WEIGHT = 4  # the advisor a new user logs in as carries more cases than the others
TOKYO = ZoneInfo("Asia/Tokyo")
BATCH = 2000

# Yearly volumes outside FY2024 (FY2023 lands near 別表1's FY2023 targets; see the plan yaml).
FY2023_VISITS, FY2023_REPEATS, FY2023_HATOGAYA_VISITS, DESK_CHECKS = 975, 40, 320, 90
LATER_VISITS = 1900  # FY2025+: 鳩ヶ谷 merged, the chamber visits the whole city
FY2023_ANALYSES, FY2023_ANALYSES_OUTSIDE, FY2023_ANALYSES_NOT_SMALL = 288, 35, 30
LATER_ANALYSES, ANALYSIS_DRAFTS = 300, 15
FY2023_EXTRA_PLANS, LATER_PLANS, LATER_DRAFTING = 52, 150, 20
TARGET_GROWTH = (Decimal("1.03"), Decimal("1.05"))  # year targets of a plan: sales, profit
# (kind, title, fiscal month, participants, deals): one year of events.
EVENTS = [
    ("exhibition", "ものづくり展示会（東京ビッグサイト）", 2, 12, 3),
    ("exhibition", "川口ものづくりフェア", 7, 11, 2),
    ("matchmaking", "受発注商談会（春）", 3, 6, 1),
    ("matchmaking", "受発注商談会（秋）", 8, 6, 1),
    ("seminar", "価格転嫁セミナー", 4, 22, 0),
    ("seminar", "IT導入・DX推進セミナー", 9, 18, 0),
    ("seminar", "事業承継セミナー", 11, 15, 0),
]
RETURNING_EXHIBITORS = 3
CHANNEL_WEIGHTS = [
    ("visit", 38),
    ("desk", 22),
    ("call", 16),
    ("follow_call", 8),
    ("online", 6),
    ("email", 6),
    ("seminar", 4),
]
TRADE_BY_GROUP = {group: trade for trade, _k, _d, group, _e, _c in reversed(TRADES)}


def fy_bounds(fy: int, today: date) -> tuple[date, date] | None:
    """First and last day of fiscal year `fy` that lie on or before today (None if none)."""
    start, end = date(fy, 4, 1), min(date(fy + 1, 3, 31), today)
    return (start, end) if start <= end else None


def in_reproduced_year(day: date) -> bool:
    return fiscal_year(day) == REPRODUCED_FY


@dataclass
class Context:
    organization: object
    today: date
    seed: int
    records_per_year: int
    staff: list
    weights: list
    main: object
    lead: object
    rows: list
    inside: list = field(default_factory=list)
    hatogaya: list = field(default_factory=list)

    def rng(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.today.isoformat()}:{part}")

    def years(self) -> list[int]:
        return list(range(FIRST_DAY.year, fiscal_year(self.today) + 1))

    def pick_staff(self, rng: random.Random):
        return rng.choices(self.staff, weights=self.weights)[0]

    def facts(self, row: dict, day: date, rng: random.Random, staff=None) -> dict:
        """BusinessRecord.capture_business_facts for a values() row, as on `day`."""
        inside = row["district__in_territory"] if row["district_id"] else True
        if row["district__name"] == HATOGAYA:
            # The district's territory is dated (inside from the merger): judged on the day.
            inside = day >= MERGER_DAY
        return {
            "organization": self.organization,
            "business_id": row["pk"],
            "staff": staff or self.pick_staff(rng),
            "district_id": row["district_id"],
            "in_territory": inside,
            "is_small": row["is_small"],
        }


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _context(organization, today: date, seed: int, records_per_year: int) -> Context:
    users = list(
        User.objects.filter(
            organization=organization, role__in=[Role.ADVISOR, Role.LEAD_ADVISOR]
        ).order_by("username")
    )
    if not users:
        raise ValueError("the demo organization has no advisors")
    main = next((u for u in users if u.username == MAIN_ADVISOR), users[0])
    lead = next((u for u in users if u.role == Role.LEAD_ADVISOR), users[0])
    rows = list(
        Business.objects.filter(organization=organization)
        .order_by("pk")
        .values(
            "pk",
            "name",
            "district_id",
            "district__name",
            "district__in_territory",
            "is_small",
            "employees",
            "industry_major_group",
        )
    )
    context = Context(
        organization=organization,
        today=today,
        seed=seed,
        records_per_year=records_per_year,
        staff=users,
        weights=[MAIN_ADVISOR_WEIGHT if u == main else 1 for u in users],
        main=main,
        lead=lead,
        rows=rows,
    )
    context.hatogaya = [r for r in rows if r["district__name"] == HATOGAYA]
    context.inside = [
        r for r in rows if r["district__name"] != HATOGAYA and r["district__in_territory"]
    ]
    return context


def load_living(
    organization, *, today: date, seed: int = 20230401, records_per_year: int = 3000
) -> None:
    """Write the living part of the demo for `organization` (after load_kawaguchi_demo)."""
    if today < FIRST_DAY:
        raise ValueError("the demo starts on 2023-04-01")
    context = _context(organization, today, seed, records_per_year)
    _motivation_checks(context)
    _answers(context)
    _analyses(context)
    _statements(context)
    _plans(context)
    _year_targets(context)
    _follow_ups(context)
    _events(context)
    _support_records(context)
    _fy2023_by_hand(context)
    from bansou.dxmatch.demo import load_living as load_dx_matching

    load_dx_matching(organization, today=today, seed=seed)
    _plan_meetings(context)
    # Business-conditions survey rounds of FY2025 to today (today's rounds open).
    from bansou.surveys.demo import load_survey_living

    load_survey_living(organization, today=today, staff=context.lead)


def _plan_meetings(context: Context) -> None:
    """The plan's meetings, publications and staff development of the other years."""
    from bansou.meetings.demo import create_living_records

    create_living_records(
        context.organization, years=context.years(), today=context.today, lead=context.lead,
        advisors=context.staff, rng=context.rng("meetings"),
    )  # fmt: skip


# --- motivation --------------------------------------------------------------------------


def _sample(rng: random.Random, rows: list, count: int) -> list:
    return rng.sample(rows, min(count, len(rows)))


def _motivation_checks(context: Context) -> None:
    version = motivation_services.current_version(context.organization)
    rng = context.rng("motivation")
    checks = []

    def add(rows, channel, start, end):
        for row in rows:
            day = _day(rng, start, end)
            checks.append(
                MotivationCheck(
                    version=version, checked_on=day, fiscal_year=fiscal_year(day),
                    channel=channel, score=Decimal(0), rank="D",
                    **context.facts(row, day, rng),
                )
            )  # fmt: skip

    for fy in context.years():
        bounds = fy_bounds(fy, context.today)
        if bounds is None or fy == REPRODUCED_FY:
            continue
        start, end = bounds
        share = ((end - start).days + 1) / 365
        if fy == FIRST_DAY.year:
            visited = _sample(rng, context.inside, FY2023_VISITS)
            add(visited, "visit", start, end)
            add(visited[:FY2023_REPEATS], "visit", start, end)
            add(_sample(rng, context.hatogaya, FY2023_HATOGAYA_VISITS), "visit", start, end)
        else:
            everyone = context.inside + context.hatogaya
            add(_sample(rng, everyone, round(LATER_VISITS * share)), "visit", start, end)
        add(_sample(rng, context.inside, round(DESK_CHECKS * share)), "desk", start, end)
    MotivationCheck.objects.bulk_create(checks, batch_size=BATCH)


def _answers(context: Context) -> None:
    """Answers behind every check that has none; the score and rank follow from them."""
    version = motivation_services.current_version(context.organization)
    items = list(version.items.all())
    thresholds = version.thresholds
    rng = context.rng("answers")
    checks = list(
        MotivationCheck.objects.filter(organization=context.organization, answers__isnull=True)
        .order_by("checked_on", "business_id", "channel", "pk")
        .only("pk", "organization_id")
    )
    answers = []
    for check in checks:
        keenness = rng.random()  # one owner's overall attitude drives every answer
        points = {
            item.pk: max(
                0, min(item.max_points, round(item.max_points * keenness + rng.gauss(0, 1)))
            )
            for item in items
        }
        check.score = scoring.score(points, items)
        check.rank = scoring.rank(check.score, thresholds)
        answers += [
            MotivationAnswer(
                organization=context.organization, motivation_check=check, item=item,
                points=points[item.pk],
            )
            for item in items
        ]  # fmt: skip
    # One UPDATE per (score, rank) pair: bulk_update's CASE over thousands of rows is slow.
    by_value: dict[tuple, list[int]] = {}
    for check in checks:
        by_value.setdefault((check.score, check.rank), []).append(check.pk)
    for (score, rank), pks in by_value.items():
        for start in range(0, len(pks), 500):
            MotivationCheck.objects.filter(pk__in=pks[start : start + 500]).update(
                score=score, rank=rank
            )
    MotivationAnswer.objects.bulk_create(answers, batch_size=BATCH)


# --- analyses and statements -------------------------------------------------------------


def _analyses(context: Context) -> None:
    rng = context.rng("analyses")
    rows = []

    def add(businesses, start, end, status="completed"):
        for row in businesses:
            day = _day(rng, start, end)
            text = {key: rng.choice(options) for key, options in ANALYSIS_TEXT.items()}
            rows.append(
                BusinessAnalysis(
                    analysed_on=day, fiscal_year=fiscal_year(day), status=status,
                    completed_on=day if status == "completed" else None,
                    strengths=text["strengths"], weaknesses=text["weaknesses"],
                    opportunities=text["opportunities"], threats=text["threats"],
                    issues=f"{text['weaknesses']}。{text['threats']}への対応が必要。",
                    strategy_so=f"{text['strengths']}を活かし、{text['opportunities']}を取り込む。",
                    it_level=rng.randint(1, 4),
                    advisor_comment="財務3期分をローカルベンチマークで確認。損益分岐点の改善が課題。",
                    **context.facts(row, day, rng),
                )
            )  # fmt: skip

    small_inside = [r for r in context.inside if r["is_small"]]
    not_small = [r for r in context.inside if r["is_small"] is False]
    for fy in context.years():
        bounds = fy_bounds(fy, context.today)
        if bounds is None or fy == REPRODUCED_FY:
            continue
        start, end = bounds
        share = ((end - start).days + 1) / 365
        if fy == FIRST_DAY.year:
            add(_sample(rng, small_inside, FY2023_ANALYSES), start, end)
            add(_sample(rng, context.hatogaya, FY2023_ANALYSES_OUTSIDE), start, end)
            add(_sample(rng, not_small, FY2023_ANALYSES_NOT_SMALL), start, end)
        else:
            small = [r for r in context.inside + context.hatogaya if r["is_small"]]
            add(_sample(rng, small, round(LATER_ANALYSES * share)), start, end)
        add(_sample(rng, small_inside, round(ANALYSIS_DRAFTS * share)), start, end, "draft")
    BusinessAnalysis.objects.bulk_create(rows, batch_size=BATCH)


def _statements(context: Context) -> None:
    """Three fiscal periods (ending before the analysis) behind every completed analysis."""
    rng = context.rng("statements")
    employees = {r["pk"]: r["employees"] or 0 for r in context.rows}
    analyses = (
        BusinessAnalysis.objects.filter(
            organization=context.organization, status="completed", statements__isnull=True
        )
        .order_by("analysed_on", "business_id", "pk")
        .only("pk", "business_id", "analysed_on")
    )
    rows = []
    for analysis in analyses:
        staff = employees.get(analysis.business_id, 0)
        end_month = rng.choice([3, 3, 3, 6, 9, 12])
        last_end = date(analysis.analysed_on.year, end_month, 1)
        last_end = rules.add_months(last_end, 1) - timedelta(days=1)
        while last_end >= analysis.analysed_on - timedelta(days=60):
            last_end = rules.add_months(last_end + timedelta(days=1), -12) - timedelta(days=1)
        sales = (staff + 1) * rng.randint(9_000, 22_000)
        cost_ratio = rng.uniform(0.35, 0.75)
        debt = int(sales * rng.uniform(0.1, 0.8))
        net_assets = int(sales * rng.uniform(-0.05, 0.4))
        for back in (2, 1, 0):
            period_end = rules.add_months(last_end + timedelta(days=1), -12 * back) - timedelta(
                days=1
            )
            sales = int(sales * rng.uniform(0.9, 1.12)) if back < 2 else sales
            cost = int(sales * cost_ratio * rng.uniform(0.97, 1.04))
            variable, fixed = int(sales * 0.04), int(sales * rng.uniform(0.15, 0.32))
            operating = sales - cost - variable - fixed
            interest = int(debt * 0.015)
            depreciation = int(sales * rng.uniform(0.01, 0.04))
            net_assets += int((operating - interest) * 0.7)
            total_assets = max(int(sales * rng.uniform(0.5, 0.9)), net_assets + debt + 1)
            rows.append(
                FinancialStatement(
                    organization=context.organization, analysis=analysis, period_end=period_end,
                    months=12, sales=sales, cost_of_sales=cost, sga_variable=variable,
                    sga_fixed=fixed, sga_total=variable + fixed, operating_profit=operating,
                    ordinary_profit=operating - interest, depreciation=depreciation,
                    interest_paid=interest, receivables=int(sales * rng.uniform(0.08, 0.2)),
                    inventory=int(sales * rng.uniform(0.02, 0.12)),
                    payables=int(sales * rng.uniform(0.05, 0.15)),
                    cash=int(sales * rng.uniform(0.05, 0.25)), interest_bearing_debt=debt,
                    net_assets=net_assets, total_assets=total_assets, employees=staff,
                )
            )  # fmt: skip
    FinancialStatement.objects.bulk_create(rows, batch_size=BATCH)


# --- plans and follow-up -----------------------------------------------------------------

PLAN_KINDS = [
    ("action", 30), ("subsidy", 20), ("innovation", 18), ("startup", 12), ("marukei", 10),
    ("resilience", 6), ("other", 4),
]  # fmt: skip
PLAN_TITLES = {
    "action": "経営行動計画（価格転嫁と固定費の見直し）",
    "subsidy": "小規模事業者持続化補助金 経営計画（販路開拓）",
    "innovation": "経営革新計画（新商品の開発と販路開拓）",
    "startup": "創業計画",
    "marukei": "マル経融資 事業計画（運転資金）",
    "resilience": "事業継続力強化計画",
    "other": "事業計画（IT導入による業務効率化）",
}


def _plans(context: Context) -> None:
    rng = context.rng("plans")
    small = [r for r in context.inside if r["is_small"]]
    rows = []

    def add(row, kind, started, completed, status):
        fy = fiscal_year(completed) if completed else None
        sales = rng.randint(8_000, 200_000)
        rows.append(
            BusinessPlan(
                title=PLAN_TITLES[kind], kind=kind, is_dx=rng.random() < 0.15, status=status,
                started_on=started, completed_on=completed, fiscal_year=fy,
                approved_on=completed if status == "approved" else None,
                baseline_fiscal_year=(fy - 1) if fy else None, baseline_sales=sales,
                baseline_profit=int(sales * rng.uniform(0.01, 0.08)),
                consultations=rng.randint(2, 8),
                **context.facts(row, completed or started, rng),
            )
        )  # fmt: skip

    kinds = [k for k, _w in PLAN_KINDS]
    weights = [w for _k, w in PLAN_KINDS]
    for fy in context.years():
        bounds = fy_bounds(fy, context.today)
        if bounds is None or fy == REPRODUCED_FY:
            continue
        start, end = bounds
        share = ((end - start).days + 1) / 365
        count = FY2023_EXTRA_PLANS if fy == FIRST_DAY.year else round(LATER_PLANS * share)
        first = date(2024, 1, 1) if fy == FIRST_DAY.year else start  # FY2023: late in the year
        pool = small if fy == FIRST_DAY.year else small + context.hatogaya
        for row in _sample(rng, pool, count):
            kind = rng.choices(kinds, weights=weights)[0]
            completed = _day(rng, max(first, start), end)
            started = completed - timedelta(days=rng.randint(30, 120))
            add(row, kind, started, completed, "approved" if kind == "innovation" else "completed")
        if fy != FIRST_DAY.year:
            for row in _sample(rng, pool, round(LATER_DRAFTING * share)):
                add(row, rng.choice(kinds), _day(rng, start, end), None, "drafting")
    BusinessPlan.objects.bulk_create(rows, batch_size=BATCH)


def _followed_plans(context: Context) -> list[BusinessPlan]:
    return list(
        BusinessPlan.objects.filter(
            organization=context.organization, status__in=["completed", "approved"]
        ).order_by("completed_on", "business_id", "pk")
    )


def _year_targets(context: Context) -> None:
    """Five years of sales and profit targets for every followed plan that has none."""
    sales_growth, profit_growth = TARGET_GROWTH
    rows = []
    plans = [p for p in _followed_plans(context)]
    with_targets = set(
        PlanYearTarget.objects.filter(organization=context.organization).values_list(
            "plan_id", flat=True
        )
    )
    for plan in plans:
        if plan.pk in with_targets or plan.baseline_fiscal_year is None:
            continue
        for year in range(1, 6):
            rows.append(
                PlanYearTarget(
                    organization=context.organization, plan=plan,
                    fiscal_year=plan.baseline_fiscal_year + year,
                    sales=int(plan.baseline_sales * sales_growth**year),
                    profit=int(plan.baseline_profit * profit_growth**year),
                )
            )  # fmt: skip
    PlanYearTarget.objects.bulk_create(rows, batch_size=BATCH)


@dataclass
class _Timeline:
    """One plan's generated follow-up: reports and contacts, and how its story ends."""

    plan: BusinessPlan
    mode: str
    reports: list = field(default_factory=list)
    contacts: list = field(default_factory=list)


MODES = ("overdue", "this_week", "report_missing", "normal", "normal")


def _mode(context: Context, plan: BusinessPlan, rng: random.Random, own: list) -> str:
    """How the plan stands today: normal, contact overdue, due this week, or report missing.
    The main advisor's plans take the modes in turn, so their start page always shows each."""
    if plan.staff_id == context.main.pk:
        own.append(plan.pk)
        return MODES[(len(own) - 1) % len(MODES)]
    roll = rng.random()
    if roll < 0.12:
        return "overdue"
    if roll < 0.2:
        return "this_week"
    return "report_missing" if roll < 0.3 else "normal"


def _follow_ups(context: Context) -> None:
    rng = context.rng("follow-ups")
    today = context.today
    plans = _followed_plans(context)
    targets: dict[tuple[int, int], PlanYearTarget] = {
        (t.plan_id, t.fiscal_year): t
        for t in PlanYearTarget.objects.filter(organization=context.organization)
    }
    rows = {r["pk"]: r for r in context.rows}
    reports, contacts, own = [], [], []
    for plan in plans:
        mode = _mode(context, plan, rng, own)
        report_days = []
        k = 1
        while (day := rules.add_months(plan.completed_on, 6 * k)) <= today:
            report_days.append(min(today, day + timedelta(days=rng.randint(0, 14))))
            k += 1
        if mode == "report_missing" and report_days:
            report_days.pop()
        cutoff = today
        if mode == "overdue":
            cutoff = today - timedelta(days=60)
            report_days = [d for d in report_days if d <= cutoff]
        final_contact = None
        if mode == "this_week":
            sunday = rules.week_bounds(today)[1]
            for delta in range(0, 40):
                candidate = rules.add_months(today, -1) + timedelta(days=delta)
                if today <= rules.next_due(candidate, 1) <= sunday:
                    final_contact = candidate
                    break
            if final_contact is not None:
                report_days = [d for d in report_days if d < final_contact]
                cutoff = final_contact - timedelta(days=1)
        # Walk the plan's story: reports put it in a group, contacts follow the group's rhythm.
        row = rows[plan.business_id]
        group, due, last_day, queue = (
            None,
            rules.add_months(plan.completed_on, 2),
            None,
            report_days,
        )
        while True:
            if queue and queue[0] <= due:
                day = queue.pop(0)
                facts = context.facts(row, day, rng, staff=plan.staff)
                forced = mode in ("overdue", "this_week") and not queue
                report = _report(plan, day, forced, targets, rng, facts)
                group, due, last_day = report.group, report.next_contact_due, day
                if not in_reproduced_year(day):  # FY2024's follow-up is the committee's
                    reports.append(report)
                continue
            if due > cutoff:
                break
            day = max(plan.completed_on, due - timedelta(days=rng.randint(0, 6)))
            if last_day is not None and day <= last_day:
                day = last_day + timedelta(days=1)
            if day > cutoff:
                break
            if not in_reproduced_year(day):
                contacts.append(_contact(context, plan, row, day, rng))
            last_day, due = day, rules.next_due(day, group or 2)
        if final_contact is not None and final_contact > (last_day or plan.completed_on):
            if not in_reproduced_year(final_contact):
                contacts.append(_contact(context, plan, row, final_contact, rng))
        if mode == "report_missing" and plan.completed_on < today - timedelta(days=200):
            day = today - timedelta(days=rng.randint(3, 20))
            if not in_reproduced_year(day) and day > plan.completed_on:
                contacts.append(
                    _contact(context, plan, row, day, rng, channel="email",
                             note="ご報告のお願い（半期報告）を送付")
                )  # fmt: skip
    FollowUpReport.objects.bulk_create(reports, batch_size=BATCH)
    FollowUpContact.objects.bulk_create(contacts, batch_size=BATCH)
    _refresh_plan_states(context, plans)


def _contact(context, plan, row, day, rng, **extra) -> FollowUpContact:
    return FollowUpContact(
        plan=plan, contacted_on=day, fiscal_year=fiscal_year(day),
        channel=extra.pop("channel", None) or rng.choice(["visit", "call", "follow_call"]),
        **extra, **context.facts(row, day, rng, staff=plan.staff),
    )  # fmt: skip


def _report(plan, day, forced, targets, rng, facts) -> FollowUpReport:
    period = max(fiscal_year(day), (plan.baseline_fiscal_year or 0) + 1)
    sales = int(plan.baseline_sales * rng.uniform(0.85, 1.25))
    profit = int(plan.baseline_profit * rng.uniform(0.5, 1.6))
    wants = rng.random() < 0.5
    if forced:  # the plan this story ends with a monthly rhythm: profit down, wants support
        profit, wants = int(plan.baseline_profit * rng.uniform(0.4, 0.9)), True
    profit_trend = rules.trend(profit, plan.baseline_profit)
    sales_trend = rules.trend(sales, plan.baseline_sales)
    group = rules.group(profit_trend, sales_trend, wants)
    return FollowUpReport(
        plan=plan, reported_on=day, fiscal_year=fiscal_year(day), period_fiscal_year=period,
        sales=sales, profit=profit, wants_support=wants, profit_trend=profit_trend,
        sales_trend=sales_trend, group=group, next_contact_due=rules.next_due(day, group),
        profit_increased=rules.profit_increased(profit, plan.baseline_profit),
        targets_met=rules.targets_met(sales, profit, targets.get((plan.pk, period))),
        note="半期報告（試算表を受領）", **facts,
    )  # fmt: skip


def _refresh_plan_states(context: Context, plans: list[BusinessPlan]) -> None:
    """Each plan's group, due dates and last report from its stored reports and contacts, as
    followups.services keeps them: the newest report sets the group, later contacts move the
    next contact due forward."""
    last_report: dict[int, FollowUpReport] = {}
    for report in FollowUpReport.objects.filter(organization=context.organization).order_by(
        "reported_on", "pk"
    ):
        last_report[report.plan_id] = report
    contacts: dict[int, list[date]] = {}
    for plan_id, day in (
        FollowUpContact.objects.filter(organization=context.organization)
        .order_by("contacted_on", "pk")
        .values_list("plan_id", "contacted_on")
    ):
        contacts.setdefault(plan_id, []).append(day)
    for plan in plans:
        report = last_report.get(plan.pk)
        if report is None:
            plan.follow_up_group = plan.follow_up_due = plan.last_reported_on = None
            plan.next_report_due = rules.report_due(plan.completed_on)
            continue
        plan.follow_up_group = report.group
        plan.last_reported_on = report.reported_on
        plan.next_report_due = rules.report_due(report.reported_on)
        due = report.next_contact_due
        for day in contacts.get(plan.pk, []):
            if day >= report.reported_on:
                due = max(due, rules.next_due(day, report.group))
        plan.follow_up_due = due
    BusinessPlan.objects.bulk_update(
        plans,
        ["follow_up_group", "follow_up_due", "last_reported_on", "next_report_due"],
        batch_size=500,
    )


# --- events ------------------------------------------------------------------------------


def _events(context: Context) -> None:
    rng = context.rng("events")
    participations = []
    manufacturers = [r for r in context.inside if r["industry_major_group"] and
                     "09" <= r["industry_major_group"] <= "32"]  # fmt: skip
    for fy in context.years():
        bounds = fy_bounds(fy, context.today)
        if bounds is None or fy == REPRODUCED_FY:
            continue
        first_exhibitors: list = []
        for kind, title, month, participants, deals in EVENTS:
            held_on = rules.add_months(date(fy, 4, 1), month - 1) + timedelta(
                days=rng.randint(5, 25)
            )
            if held_on > context.today:
                continue
            name = f"{title}（{fiscal_year_label(fy)}）"
            event = Event.objects.create(
                organization=context.organization, kind=kind, held_on=held_on,
                name=name, venue="川口商工会議所" if kind == "seminar" else "",
            )  # fmt: skip
            pool = manufacturers if kind != "seminar" else context.inside
            businesses = _sample(rng, pool, participants)
            if kind == "exhibition":
                if first_exhibitors:
                    taken = {r["pk"] for r in first_exhibitors[:RETURNING_EXHIBITORS]}
                    businesses = (
                        first_exhibitors[:RETURNING_EXHIBITORS]
                        + [r for r in businesses if r["pk"] not in taken][
                            : participants - RETURNING_EXHIBITORS
                        ]
                    )
                else:
                    first_exhibitors = businesses
            for index, row in enumerate(businesses):
                closed = 1 if index < deals else 0
                participations.append(
                    EventParticipation(
                        event=event, participated_on=held_on, fiscal_year=fiscal_year(held_on),
                        deals_closed=closed, new_trading_partners=closed,
                        **context.facts(row, held_on, rng),
                    )
                )  # fmt: skip
    EventParticipation.objects.bulk_create(participations, batch_size=BATCH)


# --- support records ---------------------------------------------------------------------


def _support_records(context: Context) -> None:
    rng = context.rng("support")
    themes = [t for t, _w in THEME_WEIGHTS]
    weights = [w for _t, w in THEME_WEIGHTS]
    channels = [c for c, _w in CHANNEL_WEIGHTS]
    channel_weights = [w for _c, w in CHANNEL_WEIGHTS]
    everyone = context.inside + context.hatogaya
    # Regular clients: most records concern a few thousand businesses the chamber knows well.
    regulars = _sample(rng, everyone, min(len(everyone), 2500))
    records, record_themes = [], []
    for fy in context.years():
        bounds = fy_bounds(fy, context.today)
        if bounds is None:
            continue
        start, end = bounds
        count = round(context.records_per_year * ((end - start).days + 1) / 365)
        for _n in range(count):
            row = rng.choice(regulars) if rng.random() < 0.8 else rng.choice(everyone)
            day = _day(rng, start, end)
            if day.weekday() >= 5:  # the chamber is closed at weekends
                day -= timedelta(days=day.weekday() - 4)
                day = max(day, start)
            hour = 9 if day == context.today else rng.randint(9, 17)  # today: the morning
            at = datetime.combine(day, time(hour, rng.choice((0, 15, 30, 45))), tzinfo=TOKYO)
            channel = rng.choices(channels, weights=channel_weights)[0]
            chosen = [rng.choices(themes, weights=weights)[0]]
            if rng.random() < 0.4:
                second = rng.choices(themes, weights=weights)[0]
                if second != chosen[0]:
                    chosen.append(second)
            trade = TRADE_BY_GROUP.get(row["industry_major_group"], "事業所")
            text = compose(rng, chosen, channel, trade)
            recent = (context.today - day).days <= 30
            with_action = rng.random() < (0.5 if recent else 0.3)
            due = day + timedelta(days=rng.randint(5, 28)) if with_action else None
            record = SupportRecord(
                occurred_at=at, channel=channel, duration_minutes=rng.choice((15, 30, 45, 60, 90)),
                condition=text.condition, issues=text.issues, analysis=text.analysis,
                support=text.support, approach=text.approach,
                next_action=text.next_action if with_action else "", next_action_due=due,
                # An advisor forgets one action in ten, but none for longer than a quarter.
                next_action_done=bool(with_action and (due < context.today or not recent)
                                      and (rng.random() < 0.9 or (context.today - day).days > 90)),
                **context.facts(row, day, rng),
            )  # fmt: skip
            record.refresh_derived()
            records.append((record, chosen))
    SupportRecord.objects.bulk_create([r for r, _t in records], batch_size=BATCH)
    for record, chosen in records:
        record_themes += [
            SupportRecordTheme(organization=context.organization, record=record, theme=t)
            for t in chosen
        ]
    SupportRecordTheme.objects.bulk_create(record_themes, batch_size=BATCH)


# --- FY2023's rows counted by hand -------------------------------------------------------

FY2023_EVIDENCE = "令和5年度 事業報告の実績（担当課の集計、デモ）"


def _fy2023_by_hand(context: Context) -> None:
    """FY2023 actuals of the plan's hand-counted rows near 別表1's targets, and 実施 rows."""
    from bansou.evaluation.models import (
        DevelopmentPlan,
        ItemYear,
        ManualActual,
        PlanItem,
        PlanItemTarget,
    )

    plan = DevelopmentPlan.objects.filter(organization=context.organization).first()
    if plan is None or context.today < date(2023, 4, 1):
        return
    rng = context.rng("fy2023-manual")
    fy = FIRST_DAY.year
    targets = {
        t.item_id: t
        for t in PlanItemTarget.objects.filter(
            item__plan=plan, fiscal_year=fy, amendment__isnull=True
        )
    }
    entries, years = [], []
    for item in PlanItem.objects.filter(plan=plan).order_by("section__number", "order", "pk"):
        if item.role == "qualitative":
            years.append(
                ItemYear(organization=context.organization, item=item, fiscal_year=fy,
                         status=ItemYear.Status.CARRIED_OUT, updated_by=context.lead)
            )  # fmt: skip
            continue
        if item.source != "manual":
            continue
        target = targets.get(item.pk)
        if target is not None and target.kind == "number" and target.value:
            value = max(1, round(float(target.value) * rng.choice((0.6, 0.8, 0.9, 1.0, 1.1, 1.3))))
        elif target is not None and target.kind == "as_needed":
            value = rng.randint(3, 8)
        else:
            value = rng.randint(1, 3)
        months = min(value, 4)
        base, extra = divmod(value, months)
        for index in range(months):
            recorded = rules.add_months(date(fy, 4, 1), min(12, 12 * (index + 1) // months))
            entries.append(
                ManualActual(
                    organization=context.organization, item=item, fiscal_year=fy,
                    recorded_on=recorded - timedelta(days=1),
                    value=Decimal(base + (1 if index < extra else 0)), evidence=FY2023_EVIDENCE,
                    entered_by=context.lead,
                )
            )  # fmt: skip
    ManualActual.objects.bulk_create(entries)
    ItemYear.objects.bulk_create(years)
