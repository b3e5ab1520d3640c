"""Builds the demo chambers with a fixed seed, so every machine shows the same data."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError

from bansou.accounts.models import Role, User
from bansou.businesses.models import Business
from bansou.core.permissions import Capability, roles_with
from bansou.lib.corporate_number import make_corporate_number
from bansou.organizations.models import Department, District, Organization

from .names import GIVEN_NAMES, LEGAL_FORMS, NAME_STEMS, SURNAMES, TRADES

DEMO_PASSWORD = "bansou-demo"
SEED = 20240401

KAWAGUCHI_DEPARTMENTS = ["総合政策課", "経営支援課", "地域振興課", "総務広報課"]
# (name, kana, in territory): 鳩ヶ谷 lies outside the FY2024 plan's territory (DOMAIN §2) …
KAWAGUCHI_DISTRICTS = [
    ("中央", "チュウオウ", True),
    ("横曽根", "ヨコゾネ", True),
    ("青木", "アオキ", True),
    ("南平", "ナンペイ", True),
    ("新郷", "シンゴウ", True),
    ("神根", "カミネ", True),
    ("芝", "シバ", True),
    ("安行", "アンギョウ", True),
    ("戸塚", "トツカ", True),
    ("鳩ヶ谷", "ハトガヤ", False),
]
# … and inside from the merger with 鳩ヶ谷商工会 (seed line 7: the plan ends 2025-03-31).
KAWAGUCHI_INSIDE_FROM = {"鳩ヶ谷": date(2025, 4, 1)}
OTHER_DISTRICTS = [("本町", "ホンチョウ", True), ("北", "キタ", True), ("南", "ミナミ", True)]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    display_name: str


KAWAGUCHI_ACCOUNTS = [
    DemoAccount("kawaguchi-admin", Role.ADMIN, "管理者 川口"),
    DemoAccount("kawaguchi-advisor", Role.ADVISOR, "経営指導員 青木 健"),
    DemoAccount("kawaguchi-lead", Role.LEAD_ADVISOR, "法定経営指導員 中村 誠"),
    DemoAccount("kawaguchi-committee", Role.COMMITTEE, "評価委員 小原"),
    *[
        DemoAccount(f"kawaguchi-advisor-{n:02d}", Role.ADVISOR, f"経営指導員 {n:02d}")
        for n in range(2, 16)
    ],
    DemoAccount("kawaguchi-coordinator", Role.COORDINATOR, "コーディネーター 小野寺"),
    DemoAccount("kawaguchi-staff", Role.STAFF, "職員 佐藤"),
    DemoAccount("kawaguchi-expert", Role.EXPERT, "専門家 高倉"),
    # IT vendors of the DX matching (bansou/dxmatch/demo.py links them to their companies).
    DemoAccount("kawaguchi-vendor", Role.VENDOR, "川口システム開発 田村"),
    DemoAccount("kawaguchi-vendor-2", Role.VENDOR, "鋳物町ITサポート 石井"),
]
OTHER_ACCOUNTS = [DemoAccount("other-advisor", Role.ADVISOR, "経営指導員 さくら")]
VENDOR_LOGINS = [a for a in KAWAGUCHI_ACCOUNTS if a.role == Role.VENDOR]
LOGINS = [KAWAGUCHI_ACCOUNTS[i] for i in range(4)] + VENDOR_LOGINS + OTHER_ACCOUNTS


def _pick_weighted(rng: random.Random, options: list[tuple[str, float]]) -> str:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _address(rng: random.Random, district_name: str) -> str:
    return f"{district_name}{rng.randrange(1, 9)}-{rng.randrange(1, 30)}-{rng.randrange(1, 20)}"


def generate_businesses(
    organization: Organization, districts: list[District], count: int, seed: int
) -> list[Business]:
    """Deterministic generated businesses; names and numbers are invented, not real."""
    rng = random.Random(seed)
    businesses = []
    used_numbers: set[str] = set()
    for index in range(count):
        stem, stem_kana = rng.choice(NAME_STEMS)
        trade, trade_kana, division, group, (low, high), corporate_share = rng.choice(TRADES)
        is_corporation = rng.random() < corporate_share
        # Skewed towards the small end, as a chamber's register is.
        employees = low + int((high - low) * rng.random() ** 3)
        name = f"{stem}{trade}"
        corporate_number = ""
        capital = None
        if is_corporation:
            form = _pick_weighted(rng, LEGAL_FORMS)
            name = f"{form}{name}" if rng.random() < 0.6 else f"{name}{form}"
            while not corporate_number or corporate_number in used_numbers:
                corporate_number = make_corporate_number(f"{rng.randrange(10**12):012d}")
            used_numbers.add(corporate_number)
            capital = rng.choice([1, 3, 5, 10, 10, 20, 30, 50, 100, 300]) * 1_000_000
        district = rng.choice(districts)
        founded = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 74))
        business = Business(
            organization=organization,
            name=name,
            name_kana=f"{stem_kana}{trade_kana}",
            corporate_number=corporate_number,
            representative=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN_NAMES)}",
            postal_code=f"33{rng.randrange(2, 5)}-{rng.randrange(10000):04d}",
            address=_address(rng, district.name),
            # 048-000-xxxx: an exchange that is not assigned, so no real line is ever shown.
            phone=f"048-000-{index % 10000:04d}",
            district=district,
            industry=division,
            industry_major_group=group,
            capital=capital,
            employees=employees,
            founded_on=founded,
            is_member=rng.random() < 0.35,
        )
        business.refresh_derived()
        businesses.append(business)
    return businesses


def _create_accounts(organization: Organization, accounts: list[DemoAccount]) -> None:
    password = make_password(DEMO_PASSWORD)  # hashed once: the demo has one shared password
    User.objects.bulk_create(
        User(
            username=a.username,
            display_name=a.display_name,
            role=a.role,
            organization=organization,
            password=password,
            is_staff=a.role in roles_with(Capability.SETTINGS_MANAGE),
        )
        for a in accounts
    )


def _create_chamber(slug, name, kind, territory, departments, districts, inside_from=None):
    inside_from = inside_from or {}
    organization = Organization.objects.create(slug=slug, name=name, kind=kind, territory=territory)
    Department.objects.bulk_create(
        Department(organization=organization, name=n, sort_order=i)
        for i, n in enumerate(departments)
    )
    created = District.objects.bulk_create(
        District(
            organization=organization,
            name=n,
            name_kana=k,
            in_territory=t or n in inside_from,
            in_territory_from=inside_from.get(n),
            sort_order=i,
        )
        for i, (n, k, t) in enumerate(districts)
    )
    return organization, created


@transaction.atomic
def load_demo(**options) -> None:
    """Both demo chambers (see _load_demo). The loaders write records in bulk: the dashboard's
    counts are kept of none of them and built once at the end, from the records."""
    from bansou.dashboard import counts

    with counts.suspended():
        _load_demo(**options)
    for organization in Organization.objects.filter(slug__in=["kawaguchi", "other"]):
        counts.prepare(organization.pk)


def _load_demo(
    *,
    businesses: int = 15_000,
    other_businesses: int = 300,
    today: date | None = None,
    records_per_year: int = 3000,
) -> None:
    """Both demo chambers; 川口's records run from FY2023 to `today` (default: today)."""
    from django.utils import timezone

    from .living import FIRST_DAY

    today = today or timezone.localdate()
    if today < FIRST_DAY:
        raise ValueError("the demo starts on 2023-04-01: load it for a later day")
    kawaguchi, districts = _create_chamber(
        "kawaguchi",
        "川口商工会議所",
        Organization.Kind.CHAMBER_OF_COMMERCE,
        "埼玉県川口市（鳩ヶ谷地区を除く）",
        KAWAGUCHI_DEPARTMENTS,
        KAWAGUCHI_DISTRICTS,
        KAWAGUCHI_INSIDE_FROM,
    )
    _create_accounts(kawaguchi, KAWAGUCHI_ACCOUNTS)
    Business.objects.bulk_create(
        generate_businesses(kawaguchi, districts, businesses, SEED), batch_size=2000
    )
    # The Kawaguchi plan and the FY2024 records that reproduce the committee's published table.
    from bansou.evaluation.demo import load_kawaguchi_demo

    load_kawaguchi_demo(kawaguchi)
    # The FY2024 committee meeting, closed, so that its public report is online in the demo.
    from bansou.committee.demo import load_committee_demo

    load_committee_demo(kawaguchi)
    # Everything else a working chamber has, FY2023 to today (never a record FY2024 counts).
    from .living import load_living

    load_living(kawaguchi, today=today, seed=SEED, records_per_year=records_per_year)
    # Six-month reports asked for by link (one answered), and an advisor's saved searches.
    from bansou.businesses.demo import load_saved_searches
    from bansou.selfreports.demo import load_selfreports_demo

    load_selfreports_demo(kawaguchi, today=today)
    load_saved_searches(kawaguchi)
    # Team KawaBiz: the partners of plan §11, experts, requests and dispatch cases.
    from bansou.partners.demo import load_partners_demo

    load_partners_demo(kawaguchi, today=today, seed=SEED)
    # The i-mise award: the FY2024 season behind its winners and this year's open vote.
    from bansou.imise.demo import load_imise_demo

    load_imise_demo(kawaguchi, today=today)
    # Demand surveys of the other years, and one open today with its QR sheet (bansou/demand).
    from bansou.demand.demo import load_living_demand

    load_living_demand(kawaguchi, today=today)
    # E-voucher usage at member stores (FY2024 to today) and the reports handed over to them.
    from bansou.vouchers.demo import load_voucher_demo

    load_voucher_demo(kawaguchi, today=today)
    # What the audit log shows: the last two working weeks of logins, entries and downloads.
    from .audit_trail import load_audit_trail

    load_audit_trail(kawaguchi, today=today, seed=SEED)
    # E-mail addresses and digest choices (`bansou remind --dry-run`), then the finished
    # background jobs an advisor finds on バックグラウンド処理.
    from bansou.jobs.demo import load_jobs_demo
    from bansou.reminders.demo import load_reminders_demo

    load_reminders_demo(kawaguchi, seed=SEED)
    load_jobs_demo(kawaguchi, today=today, seed=SEED)

    other, other_districts = _create_chamber(
        "other",
        "さくら商工会（デモ）",
        Organization.Kind.SOCIETY_OF_COMMERCE,
        "架空の町",
        ["経営支援課", "総務課"],
        OTHER_DISTRICTS,
    )
    _create_accounts(other, OTHER_ACCOUNTS)
    Business.objects.bulk_create(
        generate_businesses(other, other_districts, other_businesses, SEED + 1), batch_size=2000
    )
    load_reminders_demo(other, seed=SEED + 1)


def demo_exists() -> bool:
    return Organization.objects.filter(slug__in=["kawaguchi", "other"]).exists()


@transaction.atomic
def remove_demo() -> None:
    """Delete every row of the demo chambers, whatever app wrote it.

    Rows are deleted model by model; a model whose rows are still referenced (PROTECT) is
    retried after the others, so the order follows the foreign keys without listing them.
    """
    from bansou.dashboard import counts

    with counts.suspended():  # the chambers' counts go with them
        _remove(list(Organization.objects.filter(slug__in=["kawaguchi", "other"])))


def _remove(organizations) -> None:
    pending = [
        model
        for model in apps.get_models()
        if any(f.name == "organization" and f.is_relation for f in model._meta.fields)
    ]
    for _round in range(len(pending) + 1):
        if not pending:
            break
        still_referenced = []
        for model in pending:
            try:
                with transaction.atomic():
                    model._base_manager.filter(organization__in=organizations).delete()
            except ProtectedError:
                still_referenced.append(model)
        if len(still_referenced) == len(pending):
            raise RuntimeError(f"cannot remove the demo: {still_referenced} are still referenced")
        pending = still_referenced
    Organization.objects.filter(pk__in=[o.pk for o in organizations]).delete()
