"""The Kawaguchi demo's programmes (別表1 §8-1, 8-2, 8-3, 12) and their FY2023–FY2024 records.

FY2024 gives the committee's figures from records (sections 6 and 10 of the report): 5 brand
certifications of which 1 gained a new trading partner, 5 video productions without a deal,
15 store diagnoses (sales not reported), 15 i-mise winners of whom 3 grew their monthly sales
by 5 % or more (from about 600 candidates), 51 businesses supported with video streaming, 27
with SNS, 1 joint development, 1 talent college, 3 side-job talent matches, the fireworks, 1
SDGs partner registration. Vouchers, cashless, the joint press conference and press releases
were not run in FY2024: they have FY2023 records only (2,000 voucher member stores).
Deterministic: a fixed seed over the businesses ordered by pk.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from bansou.businesses.models import Business
from bansou.events.models import Event, EventKind
from bansou.organizations.models import Department

from . import services
from .models import (
    Deal,
    MonthlySales,
    NewTradingPartner,
    Participation,
    Programme,
    SalesOutcome,
)
from .sales import add_months

SEED = 20240401

# code, name, kind, department, first FY, description
PROGRAMMES = [
    (
        "kawaguchi-brand",
        "川口i-mono・i-wazaブランド認定制度",
        "brand_certification",
        "総合政策課",
        2023,
        "市内事業者の優れた製品・技術を認定し、専用HP・展示会出展等でPR支援",
    ),
    (
        "video-production",
        "映像製作支援（VR映像含む）",
        "video_production",
        "総合政策課",
        2023,
        "製品・技術のPR映像（VR含む）の製作支援。製作1本ごとに記録",
    ),
    (
        "products-fair",
        "川口市市産品フェア出展支援",
        "exhibition",
        "総合政策課",
        2023,
        "ブランド認定企業の小間を借り上げて出展（展示会の記録に連動）",
    ),
    (
        "shigoto-market",
        "し・ご・と発掘市（受発注商談会）",
        "matchmaking",
        "総合政策課",
        2023,
        "受発注商談会への参加支援（商談会の記録に連動）",
    ),
    (
        "genki-voucher",
        "「元気」川口商品券 加盟店",
        "voucher",
        "地域振興課",
        2023,
        "発行年度ごとの加盟店登録（紙・電子商品券）",
    ),
    (
        "cashless",
        "キャッシュレス推進",
        "cashless",
        "地域振興課",
        2023,
        "実際にキャッシュレス化が図られた店舗を計上（別表1 ※）",
    ),
    (
        "store-diagnosis",
        "専門家による店舗診断・販促ツール診断",
        "store_diagnosis",
        "地域振興課",
        2023,
        "専門家が店舗・販促ツールを診断し改善を提案",
    ),
    (
        "imise-award",
        "川口i-mise大賞",
        "imise_award",
        "地域振興課",
        2023,
        "市民投票で候補店舗を発掘し審査・表彰。受賞店へPR動画・クーポン配信・伴走支援",
    ),
    (
        "video-streaming",
        "動画配信支援（キャスティビジョン・YouTube）",
        "video_streaming",
        "総務広報課",
        2023,
        "キャスティビジョン・YouTubeでの事業者PR動画の配信",
    ),
    (
        "joint-press",
        "合同プレス発表会",
        "joint_press",
        "総務広報課",
        2023,
        "新商品・新サービスの合同発表",
    ),
    (
        "press-release",
        "プレスリリース支援（PR wire）",
        "press_release",
        "総合政策課",
        2023,
        "PR wireを活用したプレスリリースの配信支援",
    ),
    ("sns", "SNS活用支援", "sns", "総合政策課", 2023, "SNSの活用方法の個別支援"),
    (
        "joint-development",
        "事業者間連携による新製品開発",
        "joint_development",
        "総合政策課",
        2023,
        "ブランド認定企業等の連携による新製品開発",
    ),
    (
        "talent-college",
        "産業人材カレッジ",
        "talent_college",
        "総合政策課",
        2023,
        "Webカリキュラム・オーダーメイド研修・年2回の工場見学",
    ),
    (
        "side-job-talent",
        "副業人材の活用（Skill Shift）",
        "side_job_talent",
        "総合政策課",
        2023,
        "Skill Shiftを通じた副業人材とのマッチング",
    ),
    (
        "kawaguchi-fireworks",
        "川口花火大会",
        "regional_event",
        "地域振興課",
        2023,
        "実行委員会として運営に参画（1回の開催を1件として記録）",
    ),
    ("ekimae-marche", "川口駅前マルシェ", "regional_event", "地域振興課", 2023, "市内店舗の出店"),
    (
        "sdgs",
        "SDGs経営の普及（埼玉県SDGsパートナー登録支援）",
        "sdgs",
        "総合政策課",
        2023,
        "埼玉県SDGsパートナー登録の支援",
    ),
]

# FY → code → [(status, count, category, first day offset, last day offset)]
PARTICIPATIONS: dict[int, dict[str, list[tuple]]] = {
    2023: {
        "kawaguchi-brand": [
            ("certified", 6, "i-mono", 180, 200),
            ("certified", 4, "i-waza", 180, 200),
        ],
        "video-production": [("completed", 62, "", 10, 350), ("completed", 8, "VR", 60, 330)],
        "genki-voucher": [
            ("member", 1750, "紙商品券", 0, 30),
            ("member", 250, "電子商品券", 0, 30),
        ],
        "cashless": [("completed", 46, "", 30, 330), ("in_progress", 9, "", 200, 340)],
        "store-diagnosis": [("completed", 5, "店舗診断", 120, 300)],
        "imise-award": [("winner", 12, "", 183, 183), ("candidate", 420, "", 183, 183)],
        "video-streaming": [("completed", 4, "キャスティビジョン", 60, 300)],
        "joint-press": [("completed", 5, "", 250, 250)],
        "press-release": [("completed", 7, "PR wire", 40, 340)],
        "sns": [("completed", 6, "", 40, 340)],
        "talent-college": [("completed", 1, "", 30, 30)],
        "kawaguchi-fireworks": [("completed", 1, "", 128, 128)],
    },
    2024: {
        # 5 certified (認定) of 7 applications
        "kawaguchi-brand": [
            ("certified", 3, "i-mono", 190, 190),
            ("certified", 2, "i-waza", 190, 190),
            ("applied", 2, "i-mono", 160, 170),
        ],
        "video-production": [("completed", 4, "", 30, 330), ("completed", 1, "VR", 120, 120)],
        "store-diagnosis": [
            ("completed", 9, "店舗診断", 60, 320),
            ("completed", 6, "販促ツール診断", 60, 320),
        ],
        # about 600 candidates from 8,000+ votes, 15 winners (the first 5 report their sales)
        "imise-award": [("winner", 15, "", 183, 183), ("candidate", 585, "", 183, 183)],
        "video-streaming": [
            ("completed", 38, "キャスティビジョン", 10, 350),
            ("completed", 13, "YouTube", 10, 350),
        ],
        "sns": [("completed", 27, "", 20, 340)],
        "joint-development": [("completed", 1, "", 220, 220)],
        "talent-college": [("completed", 1, "", 30, 30)],
        "side-job-talent": [
            ("matched", 3, "Skill Shift", 40, 290),
            ("applied", 2, "Skill Shift", 300, 330),
        ],
        "kawaguchi-fireworks": [("completed", 1, "", 126, 126)],
        "ekimae-marche": [("completed", 12, "出店", 200, 200)],
        "sdgs": [("registered", 1, "", 190, 190), ("applied", 1, "", 320, 320)],
    },
}
# i-mise winners of FY2024 reporting monthly sales: the yearly growth of each (3 of 5 ≥ 5 %).
IMISE_GROWTH = (Decimal("1.12"), Decimal("1.07"), Decimal("1.05"), Decimal("1.03"), Decimal("0.96"))


def _businesses(organization, rng: random.Random) -> list[dict]:
    rows = list(
        Business.objects.filter(organization=organization, district__isnull=False)
        .order_by("pk")
        .values("pk", "district_id", "district__in_territory", "is_small")
    )
    rng.shuffle(rows)
    return rows


def create_programmes(organization, actor) -> dict[str, Programme]:
    departments = {d.name: d for d in Department.objects.filter(organization=organization)}
    programmes = {}
    for code, name, kind, department, first, description in PROGRAMMES:
        programmes[code] = Programme.objects.create(
            organization=organization, code=code, name=name, kind=kind,
            department=departments.get(department), first_fiscal_year=first,
            description=description,
        )  # fmt: skip
    events = Event.objects.filter(organization=organization)
    programmes["products-fair"].events.set(events.filter(kind=EventKind.EXHIBITION))
    programmes["shigoto-market"].events.set(events.filter(kind=EventKind.MATCHMAKING))
    return programmes


def create_programme_records(organization, people) -> None:
    """Programmes, FY2023–FY2024 participations, outcomes and the winners' monthly sales."""
    rng = random.Random(SEED)
    programmes = create_programmes(organization, people.lead)
    businesses = _businesses(organization, rng)
    rows = []
    for fy, by_code in PARTICIPATIONS.items():
        start = date(fy, 4, 1)
        # Within a year each programme draws the next businesses of one shuffled list, so that
        # the programmes of a year never share a store by chance (the i-mise winners whose sales
        # are reported must be in no other programme of FY2024); across years they do.
        offset = rng.randrange(len(businesses))
        for code, groups in by_code.items():
            pool = businesses[offset:] + businesses[:offset]
            offset = (offset + sum(group[1] for group in groups)) % len(businesses)
            taken = 0
            for status, count, category, first, last in groups:
                for business in pool[taken : taken + count]:
                    day = start + timedelta(days=rng.randint(first, last))
                    rows.append(
                        Participation(
                            organization=organization, programme=programmes[code],
                            business_id=business["pk"], staff=rng.choice(people.advisors),
                            district_id=business["district_id"],
                            in_territory=business["district__in_territory"],
                            is_small=business["is_small"], started_on=day, fiscal_year=fy,
                            status=status, category=category,
                            went_cashless=code == "cashless" and status == "completed",
                        )
                    )  # fmt: skip
                taken += count
    Participation.objects.bulk_create(rows, batch_size=1000)
    _outcomes(organization, programmes, people, rng)


def _first(programme: Programme, fy: int, status: str, count: int) -> list[Participation]:
    return list(
        Participation.objects.filter(programme=programme, fiscal_year=fy, status=status).order_by(
            "pk"
        )[:count]
    )


def _outcomes(organization, programmes, people, rng: random.Random) -> None:
    # FY2024: one certified business gained two new trading partners (counted once).
    certified = _first(programmes["kawaguchi-brand"], 2024, "certified", 1)[0]
    gained = [(certified, "株式会社東都精機", 45), (certified, "有限会社みなと商事", 110)]
    # FY2023: brand-certified businesses gained partners, video productions closed deals.
    gained += [
        (participation, "株式会社さいたま工業", 60)
        for participation in _first(programmes["kawaguchi-brand"], 2023, "certified", 4)
    ]
    partners = []
    for participation, name, days in gained:
        # Within the participation's own fiscal year, whatever day the draw gave it.
        started_on = min(
            participation.started_on + timedelta(days=days), _fy_end(participation.started_on)
        )
        partner = NewTradingPartner(name=name, started_on=started_on)
        services.attach_outcome(partner, participation, partner.started_on, people.lead)
        partner.fiscal_year = _fy(partner.started_on)
        partners.append(partner)
    NewTradingPartner.objects.bulk_create(partners)
    deals = []
    for participation, amount in zip(
        _first(programmes["video-production"], 2023, "completed", 3),
        (Decimal(1_200_000), None, Decimal(350_000)),
        strict=True,
    ):
        closed_on = min(
            participation.started_on + timedelta(days=30), _fy_end(participation.started_on)
        )
        deal = Deal(counterparty="県内百貨店バイヤー", closed_on=closed_on, amount=amount)
        services.attach_outcome(deal, participation, deal.closed_on, people.lead)
        deal.fiscal_year = _fy(deal.closed_on)
        deals.append(deal)
    Deal.objects.bulk_create(deals)
    _winners_sales(organization, programmes, people, rng)


def _fy(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def _fy_end(day: date) -> date:
    return date(_fy(day) + 1, 3, 31)


def _winners_sales(organization, programmes, people, rng: random.Random) -> None:
    """24 months of sales (April 2023 – March 2025) of five FY2024 i-mise winners."""
    # Winners in no other FY2024 programme: their sales say nothing about another row.
    winners = [
        p
        for p in _first(programmes["imise-award"], 2024, "winner", 15)
        if Participation.objects.filter(business=p.business_id, fiscal_year=2024).count() == 1
    ][: len(IMISE_GROWTH)]
    rows = []
    for participation, growth in zip(winners, IMISE_GROWTH, strict=True):
        base = Decimal(rng.randint(18, 60)) * 100_000
        for index in range(24):
            month = add_months(date(2023, 4, 1), index)
            seasonal = Decimal(100 + (8 if month.month in (7, 12) else 0)) / 100
            amount = base * seasonal * (growth if index >= 12 else 1)
            rows.append(
                MonthlySales(organization=organization, business_id=participation.business_id,
                             month=month, amount=amount.quantize(Decimal(1)), source="report",
                             entered_by=people.lead)
            )  # fmt: skip
    MonthlySales.objects.bulk_create(rows)
    services.recompute_sales_outcomes([p.business_id for p in winners])


def delete_programme_records(organizations) -> None:
    for model in (SalesOutcome, Deal, NewTradingPartner, Participation, MonthlySales, Programme):
        model.objects.filter(organization__in=organizations).delete()
