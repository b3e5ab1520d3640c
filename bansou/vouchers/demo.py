"""The demo's e-voucher: usage at member stores from FY2024 to today, and report hand-overs.

Deterministic (a fixed seed over the e-voucher member stores ordered by pk) and fast (rows
written with bulk_create, about 30,000 of them). The stores are the FY2023 members of the
programme 「元気」川口商品券 加盟店 with the category 電子商品券 (bansou/programmes/demo.py); those
used here register again for the FY2025 issue, so that their FY2025 participation compares
its months with FY2024's voucher sales (the "+5%" outcome, fed by services.feed_monthly_sales).
Stores whose sales the business reports itself (the i-mise winners) are left out.

Hand-overs of the usage report start in FY2025: FY2024's row 「電子商品券での対象事業者数」 is
実施なし in the committee's report, and no record of FY2024 may change it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from bansou.accounts.models import Role, User
from bansou.businesses.models import Business
from bansou.programmes.models import MonthlySales, Participation, Programme, ProgrammeKind
from bansou.programmes.sales import add_months

from . import services
from .models import AgeBand, Gender, VoucherFeedback, VoucherUsage

SEED = 20250401
STORES = 60
FIRST_MONTH = date(2024, 4, 1)
LAST_MONTH = date(2027, 3, 1)  # FY2026
AMOUNTS = ((500, 2), (1000, 6), (1500, 2), (2000, 4), (3000, 3), (5000, 2), (10000, 1))
GENDERS = ((Gender.FEMALE, 52), (Gender.MALE, 44), (Gender.OTHER, 1), (Gender.UNKNOWN, 3))
AGES = (
    (AgeBand.TEENS, 3), (AgeBand.TWENTIES, 10), (AgeBand.THIRTIES, 16), (AgeBand.FORTIES, 20),
    (AgeBand.FIFTIES, 18), (AgeBand.SIXTIES, 16), (AgeBand.SEVENTIES, 15), (AgeBand.UNKNOWN, 2),
)  # fmt: skip
OUTSIDE = (("市外（さいたま市）", 5), ("市外（戸田市）", 3), ("市外（東京都）", 4), ("", 2))
OCCUPATIONS = (
    ("会社員", 30), ("パート・アルバイト", 15), ("主婦・主夫", 18), ("自営業", 8),
    ("公務員", 4), ("学生", 4), ("無職", 14), ("その他", 4), ("", 3),
)  # fmt: skip
# FY2025 compared with FY2024, store by store (some grow 5 % or more, some do not).
GROWTH = (1.12, 1.08, 1.06, 1.03, 0.97, 1.15, 1.01, 0.92)
# Hand-overs: (fiscal year, stores, first day, spread in days); FY2026 only up to today.
HANDOVERS = ((2025, 6, date(2025, 9, 10), 150), (2026, 3, date(2026, 7, 15), 120))


def _pick(rng: random.Random, options):
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _stores(organization) -> list[int]:
    reported = set(
        MonthlySales.objects.filter(organization=organization)
        .exclude(source="voucher")
        .values_list("business_id", flat=True)
    )
    members = (
        Participation.objects.filter(
            organization=organization,
            programme__kind=ProgrammeKind.VOUCHER,
            category="電子商品券",
        )
        .order_by("business_id")
        .values_list("business_id", flat=True)
        .distinct()
    )
    return [pk for pk in members if pk not in reported][:STORES]


def load_voucher_demo(organization, *, today: date, seed: int = SEED) -> None:
    programme = Programme.objects.filter(
        organization=organization, kind=ProgrammeKind.VOUCHER
    ).first()
    if programme is None:
        return
    rng = random.Random(seed)
    stores = _stores(organization)
    lead = (
        User.objects.filter(organization=organization, role=Role.LEAD_ADVISOR)
        .order_by("pk")
        .first()
    )
    districts = list(
        Participation.objects.filter(business__in=stores)
        .exclude(business__district=None)
        .values_list("business__district__name", flat=True)
        .distinct()
        .order_by("business__district__name")
    )
    areas = tuple((name, 12) for name in districts) + OUTSIDE
    _register_fy2025(programme, stores, lead, today)
    rows, serial = [], 0
    for index, business_id in enumerate(stores):
        base = rng.randint(8, 24)
        growth = GROWTH[index % len(GROWTH)]
        month = FIRST_MONTH
        while month <= min(LAST_MONTH, today.replace(day=1)):
            uses = round(base * (growth if month >= date(2025, 4, 1) else 1) * (
                1.2 if month.month in (7, 12) else 1))  # fmt: skip
            days = (add_months(month, 1) - month).days
            for _n in range(uses):
                day = month + timedelta(days=rng.randrange(days))
                if day > today:
                    continue
                serial += 1
                rows.append(
                    VoucherUsage(
                        organization=organization, business_id=business_id, used_on=day,
                        month=month, amount=_pick(rng, AMOUNTS), gender=_pick(rng, GENDERS),
                        age_band=_pick(rng, AGES), area=_pick(rng, areas),
                        occupation=_pick(rng, OCCUPATIONS), key=f"T:GK{serial:09d}",
                    )
                )  # fmt: skip
            month = add_months(month, 1)
    VoucherUsage.objects.bulk_create(rows, batch_size=5000)
    services.feed_monthly_sales(organization, stores, actor=lead)
    _handovers(organization, stores, lead, today, rng)


def _register_fy2025(programme, stores, lead, today: date) -> None:
    """The stores' membership of the FY2025 issue (from April 2025), if the demo reaches it."""
    start = date(2025, 4, 1)
    if today < start:
        return
    if programme.last_fiscal_year is not None and programme.last_fiscal_year < 2025:
        return
    rows = []
    for business in Business.objects.filter(pk__in=stores).select_related("district"):
        participation = Participation(
            programme=programme, business=business, staff=lead, started_on=start,
            fiscal_year=2025, status="member", category="電子商品券",
        )  # fmt: skip
        participation.capture_business_facts()
        rows.append(participation)
    Participation.objects.bulk_create(rows)


def _handovers(organization, stores, lead, today: date, rng: random.Random) -> None:
    from bansou.partners.models import Expert

    experts = list(Expert.objects.filter(organization=organization).order_by("pk")[:3])
    businesses = Business.objects.select_related("district").in_bulk(stores)
    rows, taken = [], 0
    for fy, count, first, spread in HANDOVERS:
        for business_id in stores[taken : taken + count]:
            day = first + timedelta(days=rng.randrange(spread))
            if day > today:
                continue
            with_expert = experts and len(rows) % 2 == 0
            feedback = VoucherFeedback(
                business=businesses[business_id], staff=lead, handed_on=day, fiscal_year=fy,
                expert=experts[len(rows) % len(experts)] if with_expert else None,
                first_month=date(fy, 4, 1), last_month=min(day.replace(day=1), date(fy + 1, 3, 1)),
                note="性別・年代別の利用傾向を説明し、平日昼の30代女性向け企画を提案",
            )  # fmt: skip
            feedback.capture_business_facts()
            rows.append(feedback)
        taken += count
    VoucherFeedback.objects.bulk_create(rows)


def remove_voucher_demo(organizations) -> None:
    for model in (VoucherFeedback, VoucherUsage):
        model.objects.filter(organization__in=organizations).delete()
