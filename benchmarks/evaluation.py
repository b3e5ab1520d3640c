"""Benchmark: evaluating a fiscal year over 1,000,000 records of one chamber on SQLite.

The plan is the shipped Kawaguchi plan plus a section of support-record rows (by channel,
theme, district, size), so that the rules cover every record kind. Records: 80 % support
records, the rest motivation checks, analyses, plans, follow-up contacts and reports, event
participations — all in FY2024 (the worst case: the whole chamber in the year evaluated).

Reported, at 100,000 and at 1,000,000 records:
- the number of SQL queries of evaluate() and monthly_progress() (must not change);
- their median time against a floor: the same figures computed by hand-written SQL — one
  statement for the year (a conditional aggregate per record table, cross-joined), and for the
  monthly table the per-day / first-day-per-business aggregates a person would write.
  The ratio must stay ≤ 1.5. Both sides' figures are compared, so the floor is honest.

Run: .venv/bin/python benchmarks/evaluation.py   (BENCH_RECORDS=200000 for a quick run)
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

RECORDS = int(os.environ.get("BENCH_RECORDS", "1000000"))
FIRST_STAGE = RECORDS // 10
BUSINESSES = 20_000
FY = 2024
REPEAT = 5
SHARES = {  # of the records, by kind
    "support": 0.77, "motivation": 0.06, "analysis": 0.02, "plan": 0.02,
    "contact": 0.05, "report": 0.02, "participation": 0.03, "programme": 0.03,
}  # fmt: skip
# Programmes (bansou/programmes): every kind the plan's rules name, a few of each; their
# participations get deals, new trading partners and a stored +5% outcome.
PROGRAMME_KINDS = [
    "brand_certification", "video_production", "voucher", "cashless", "store_diagnosis",
    "imise_award", "video_streaming", "joint_press", "press_release", "sns",
    "joint_development", "talent_college", "side_job_talent", "regional_event", "sdgs",
]  # fmt: skip
PROGRAMME_STATUSES = ["completed", "certified", "member", "winner", "candidate", "matched",
                      "registered", "withdrawn"]  # fmt: skip
CHANNELS = ["visit", "desk", "call", "follow_call", "email", "online", "seminar"]
THEMES = ["startup", "succession", "sales_channels", "productivity", "dx", "subsidy"]
SUPPORT_SECTION = """
number: 11
key: bench-support
title: 支援記録（ベンチマーク用）
rows:
  - {key: s-all, title: 支援件数, rule: {count: records, of: support_record}}
  - {key: s-visit, title: 巡回, rule: {count: records, of: support_record, where: {channel: visit}}}
  - {key: s-desk, title: 窓口, rule: {count: records, of: support_record, where: {channel: desk}}}
  - {key: s-call, title: 電話, rule: {count: records, of: support_record, where: {channel: call}}}
  - {key: s-follow, title: フォローコール,
     rule: {count: records, of: support_record, where: {channel: follow_call}}}
  - {key: s-online, title: オンライン,
     rule: {count: records, of: support_record, where: {channel: online}}}
  - {key: s-seminar, title: セミナー,
     rule: {count: records, of: support_record, where: {channel: seminar}}}
  - {key: s-visited, title: 巡回事業所数,
     rule: {count: distinct_businesses, of: support_record, where: {channel: visit}}}
  - {key: s-small-inside, title: 管内小規模事業者数,
     rule: {count: distinct_businesses, of: support_record,
            where: {is_small: true, in_territory: true}}}
  - {key: s-outside, title: 地区外, rule: {count: records, of: support_record,
                                           where: {in_territory: false}}}
  - {key: s-visits-excl, title: 巡回（鳩ヶ谷を除く）,
     rule: {count: records, of: support_record, where: {channel: visit},
            exclude: [{name: 鳩ヶ谷地区, where: {district: 鳩ヶ谷}}]}}
  - {key: s-minutes, title: 相談時間, rule: {count: "sum:duration_minutes", of: support_record}}
  - {key: s-startup, title: 創業相談,
     rule: {count: records, of: support_record, where: {theme: startup}}}
  - {key: s-dx, title: DX相談事業者数,
     rule: {count: distinct_businesses, of: support_record, where: {theme: dx}}}
"""


def setup(var_dir: Path) -> None:
    os.environ["BANSOU_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bansou.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_chamber():
    import yaml

    from bansou.accounts.models import Role
    from bansou.businesses.models import Business
    from bansou.demo.services import KAWAGUCHI_DISTRICTS, generate_businesses
    from bansou.evaluation import services
    from bansou.evaluation.demo import PLAN_FILE
    from bansou.organizations.models import District, Organization
    from bansou.testing import make_user

    organization = Organization.objects.create(name="ベンチ商工会議所", slug="bench", kind="cci")
    districts = District.objects.bulk_create(
        District(organization=organization, name=n, name_kana=k, in_territory=t, sort_order=i)
        for i, (n, k, t) in enumerate(KAWAGUCHI_DISTRICTS)
    )
    Business.objects.bulk_create(
        generate_businesses(organization, districts, BUSINESSES, seed=1), batch_size=5000
    )
    user = make_user(organization, Role.LEAD_ADVISOR, "bench-lead")
    plan_data = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    plan_data["sections"].append(yaml.safe_load(SUPPORT_SECTION))
    plan = services.import_definition(organization, yaml.safe_dump(plan_data, allow_unicode=True))
    return organization, user, plan


class Generator:
    """Deterministic FY2024 records, written with bulk_create in batches."""

    def __init__(self, organization, user):
        from bansou.businesses.models import Business
        from bansou.motivation.services import current_version, ensure_default_questionnaire

        self.organization, self.user = organization, user
        self.rng = random.Random(2024)
        self.businesses = list(
            Business.objects.filter(organization=organization).values_list(
                "pk", "district_id", "district__in_territory", "is_small"
            )
        )
        ensure_default_questionnaire(organization)
        self.version = current_version(organization)
        self.plans = []
        self.events = 0

    def facts(self):
        pk, district, inside, small = self.rng.choice(self.businesses)
        return {
            "organization": self.organization, "business_id": pk, "staff": self.user,
            "district_id": district, "in_territory": inside, "is_small": small,
        }  # fmt: skip

    def day(self) -> date:
        return date(FY, 4, 1) + timedelta(days=self.rng.randrange(365))

    def add(self, total: int) -> None:
        from django.apps import apps

        counts = {kind: int(total * share) for kind, share in SHARES.items()}
        started = time.perf_counter()
        model = apps.get_model
        self._support(counts["support"])
        self._bulk(model("motivation.MotivationCheck"), counts["motivation"], self._check)
        self._bulk(model("analysis.BusinessAnalysis"), counts["analysis"], self._analysis)
        self.plans += self._bulk(model("business_plans.BusinessPlan"), counts["plan"], self._plan)
        self._bulk(model("followups.FollowUpContact"), counts["contact"], self._contact)
        self._bulk(model("followups.FollowUpReport"), counts["report"], self._report)
        self._participations(counts["participation"])
        self._programmes(counts["programme"])
        print(f"  wrote {sum(counts.values()):,} records in {time.perf_counter() - started:.0f} s")

    def _bulk(self, model, count: int, build) -> list:
        created = []
        for start in range(0, count, 5000):
            rows = [build(model) for _ in range(min(5000, count - start))]
            created += model.objects.bulk_create(rows)
        return created

    def _support(self, count: int) -> None:
        from bansou.support.models import SupportRecord, SupportRecordTheme

        tz = datetime.now().astimezone().tzinfo
        for start in range(0, count, 5000):
            rows = []
            for _ in range(min(5000, count - start)):
                day = self.day()
                rows.append(SupportRecord(
                    occurred_at=datetime(day.year, day.month, day.day, 10, tzinfo=tz),
                    occurred_on=day, fiscal_year=FY, channel=self.rng.choice(CHANNELS),
                    duration_minutes=self.rng.choice([15, 30, 60, None]), **self.facts(),
                ))  # fmt: skip
            records = SupportRecord.objects.bulk_create(rows)
            SupportRecordTheme.objects.bulk_create(
                SupportRecordTheme(organization=self.organization, record=r,
                                   theme=self.rng.choice(THEMES))
                for r in records if self.rng.random() < 0.4
            )  # fmt: skip

    def _check(self, model):
        return model(version=self.version, checked_on=self.day(), fiscal_year=FY,
                     channel=self.rng.choice(["visit", "visit", "desk"]),
                     score=Decimal(self.rng.randint(0, 100)), rank="B", **self.facts())  # fmt: skip

    def _analysis(self, model):
        return model(analysed_on=self.day(), fiscal_year=FY,
                     status=self.rng.choice(["completed", "completed", "draft"]),
                     **self.facts())  # fmt: skip

    def _plan(self, model):
        day = self.day()
        return model(title="計画", kind=self.rng.choice(["innovation", "startup", "action",
                                                        "marukei", "subsidy"]),
                     is_dx=self.rng.random() < 0.15, status="completed", started_on=day,
                     completed_on=day, fiscal_year=FY, follow_up_group=self.rng.randint(1, 4),
                     **self.facts())  # fmt: skip

    def _contact(self, model):
        plan = self.rng.choice(self.plans)
        return model(plan=plan, contacted_on=self.day(), fiscal_year=FY, channel="visit",
                     **self.facts())  # fmt: skip

    def _report(self, model):
        plan = self.rng.choice(self.plans)
        day = self.day()
        return model(plan=plan, reported_on=day, fiscal_year=FY, period_fiscal_year=FY,
                     wants_support=True, profit_trend="up", sales_trend="up", group=3,
                     next_contact_due=day, profit_increased=self.rng.random() < 0.3,
                     targets_met=self.rng.random() < 0.2, **self.facts())  # fmt: skip

    def _participations(self, count: int) -> None:
        from bansou.events.models import Event, EventParticipation

        per_event = 600
        rows = []
        for _ in range(max(1, count // per_event)):
            self.events += 1
            event = Event.objects.create(
                organization=self.organization, name=f"イベント{self.events}",
                kind=self.rng.choice(["exhibition", "matchmaking", "seminar"]),
                held_on=self.day(),
            )  # fmt: skip
            for pk, district, inside, small in self.rng.sample(self.businesses, per_event):
                rows.append(EventParticipation(
                    event=event, participated_on=event.held_on, fiscal_year=FY,
                    deals_closed=self.rng.choice([0, 0, 1, 2]), organization=self.organization,
                    business_id=pk, staff=self.user, district_id=district, in_territory=inside,
                    is_small=small,
                ))  # fmt: skip
        EventParticipation.objects.bulk_create(rows, batch_size=5000)

    def _programmes(self, count: int) -> None:
        from bansou.programmes.models import (
            Deal,
            NewTradingPartner,
            Participation,
            Programme,
            SalesOutcome,
        )

        if not hasattr(self, "programmes"):
            self.programmes = [
                Programme.objects.create(
                    organization=self.organization, code=f"bench-{kind}-{n}", name=kind,
                    kind=kind, first_fiscal_year=FY,
                )
                for kind in PROGRAMME_KINDS
                for n in range(2)
            ] + [Programme.objects.create(organization=self.organization,
                                          code="kawaguchi-fireworks", name="花火",
                                          kind="regional_event", first_fiscal_year=FY)]  # fmt: skip
        for start in range(0, count, 5000):
            rows = []
            for _ in range(min(5000, count - start)):
                day = self.day()
                rows.append(Participation(
                    programme=self.rng.choice(self.programmes), started_on=day, fiscal_year=FY,
                    status=self.rng.choice(PROGRAMME_STATUSES),
                    went_cashless=self.rng.random() < 0.5, **self.facts(),
                ))  # fmt: skip
            created = Participation.objects.bulk_create(rows)
            deals, partners, outcomes = [], [], []
            for p in created:
                own = {
                    "organization": self.organization, "business_id": p.business_id,
                    "staff": self.user, "district_id": p.district_id,
                    "in_territory": p.in_territory, "is_small": p.is_small,
                    "participation": p, "programme": p.programme, "fiscal_year": FY,
                }  # fmt: skip
                roll = self.rng.random()
                if roll < 0.2:
                    deals.append(Deal(counterparty="取引先", closed_on=p.started_on,
                                      amount=self.rng.choice([None, 100_000, 2_500_000]),
                                      **own))  # fmt: skip
                elif roll < 0.3:
                    partners.append(
                        NewTradingPartner(name="取引先", started_on=p.started_on, **own)
                    )
                if self.rng.random() < 0.5:
                    increased = self.rng.random() < 0.4
                    outcomes.append(SalesOutcome(
                        first_month=p.started_on.replace(day=1),
                        last_month=date(FY + 1, 3, 1), months_compared=6,
                        before_total=Decimal(1000),
                        after_total=Decimal(1100 if increased else 1000),
                        result="increased" if increased else "not_increased",
                        increased=increased, **own,
                    ))  # fmt: skip
            Deal.objects.bulk_create(deals)
            NewTradingPartner.objects.bulk_create(partners)
            SalesOutcome.objects.bulk_create(outcomes)


def timed(function) -> tuple[float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm the page cache
    times, value, queries = [], None, 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            value = function()
            times.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return statistics.median(times), queries, value


def measure(plan, stage: str) -> None:
    import floor_sql

    from bansou.evaluation.engine import evaluate, monthly_progress

    hatogaya = plan.organization.district_set.get(name="鳩ヶ谷").pk
    as_of = date(FY + 1, 3, 31)
    year, year_queries, result = timed(lambda: evaluate(plan, FY))
    year_floor, _q, floor_figures = timed(
        lambda: floor_sql.year(plan.organization_id, FY, hatogaya)
    )
    rows = {row.key: row for section in result.sections for row in section.all_rows()}
    for key, value in floor_figures.items():
        assert rows[key].actual == value, (key, rows[key].actual, value)
    month, month_queries, table = timed(lambda: monthly_progress(plan, FY, as_of))
    month_floor, _q, floor_months = timed(
        lambda: floor_sql.months(plan.organization_id, FY, hatogaya, as_of)
    )
    progress = {row.key: row.cumulative for row in table.rows}
    for key, series in floor_months.items():
        assert progress[key] == series, (key, progress[key], series)
    print(f"\n{stage}")
    print(f"{'':<18} {'queries':>8} {'median s':>9} {'floor s':>8} {'ratio':>6}")
    print(f"{'evaluate':<18} {year_queries:>8} {year:>9.3f} {year_floor:>8.3f} "
          f"{year / year_floor:>6.2f}")  # fmt: skip
    print(f"{'monthly_progress':<18} {month_queries:>8} {month:>9.3f} {month_floor:>8.3f} "
          f"{month / month_floor:>6.2f}")  # fmt: skip
    print(f"(floor checked on {len(floor_figures)} year figures, {len(floor_months)} monthly rows)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        sys.path.insert(0, str(Path(__file__).parent))
        organization, user, plan = create_chamber()
        generator = Generator(organization, user)
        generator.add(FIRST_STAGE)
        measure(plan, f"{FIRST_STAGE:,} records")
        generator.add(RECORDS - FIRST_STAGE)
        measure(plan, f"{RECORDS:,} records")


if __name__ == "__main__":
    main()
