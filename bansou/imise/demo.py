"""The demo's i-mise award: the FY2024 season behind the committee's 15 winners (about 600
candidates, 8,000+ votes, finalists, three judges' sheets, confirmed), and the season of the
current fiscal year open for votes (600 candidate stores, several thousand votes, and one
burst of votes for one store that the fraud report shows); the FY2024 winners' follow-on
publicity in FY2025. Deterministic; bulk writes.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from bansou.accounts.models import Role, User
from bansou.businesses.models import Business
from bansou.lib.eras import fiscal_year, fiscal_year_label
from bansou.programmes.models import Participation, ParticipationStatus, Programme

from .models import Candidate, Criterion, Judge, Score, Season, StoreCategory, Vote

SEED = 20241001
CATEGORY_BY_INDUSTRY = {
    "M": StoreCategory.FOOD,
    "I": StoreCategory.RETAIL,
    "N": StoreCategory.BEAUTY,
}
APPEALS = {
    StoreCategory.FOOD: "地元の食材にこだわった手づくりの味。家族連れにも人気です。",
    StoreCategory.RETAIL: "品ぞろえと丁寧な説明が評判の、まちのお店です。",
    StoreCategory.SERVICE: "困ったときに頼れる、地域密着のサービスです。",
    StoreCategory.BEAUTY: "くつろげる空間と確かな技術で、リピーターが多いお店です。",
    StoreCategory.OTHER: "川口ならではの魅力があるお店です。",
}
CURRENT_CANDIDATES = 600
CURRENT_VOTES = 5200
FY2024_VOTES = 8240


def _aware(day: date, minutes: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0, 0)) + timedelta(minutes=minutes))


def _hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


def _candidate(season, participation, business) -> Candidate:
    category = CATEGORY_BY_INDUSTRY.get(business.industry, StoreCategory.SERVICE)
    return Candidate(
        organization_id=season.organization_id,
        season=season,
        participation=participation,
        name=business.name,
        name_kana=business.name_kana,
        category=category,
        area=business.district.name if business.district_id else "",
        appeal=APPEALS[category],
    )


def _votes(season, candidates, weights, total, first_day, last_day, now, rng) -> list[Vote]:
    """`total` ordinary votes: devices of a pool (each with its usual address) voting on
    random days between 7:00 and 23:00, at most once per store and day."""
    devices = [(_hex(rng), _hex(rng)) for _ in range(max(total // 3, 1))]
    days = (last_day - first_day).days + 1
    seen, rows = set(), []
    while len(rows) < total:
        candidate = rng.choices(candidates, weights=weights)[0]
        device, address = rng.choice(devices)
        day = first_day + timedelta(days=rng.randrange(days))
        created = _aware(day, rng.randrange(7 * 60, 23 * 60))
        if created > now or (candidate.pk, day, device) in seen:
            continue
        seen.add((candidate.pk, day, device))
        rows.append(
            Vote(organization_id=season.organization_id, season=season, candidate=candidate,
                 day=day, device_hash=device, address_hash=address, created_at=created)
        )  # fmt: skip
    return rows


def _fy2024(organization, programme, lead, rng) -> None:
    participations = list(
        Participation.objects.filter(programme=programme, fiscal_year=2024)
        .select_related("business__district")
        .order_by("pk")
    )
    if not participations:
        return
    season = Season.objects.create(
        organization=organization, programme=programme, fiscal_year=2024,
        name="第2回 川口i-mise大賞（令和6年度）",
        votes_open=_aware(date(2024, 7, 1), 0), votes_close=_aware(date(2024, 9, 1), 0),
        finalist_count=30, winner_count=15,
        confirmed_at=_aware(date(2024, 9, 27), 15 * 60), confirmed_by=lead,
    )  # fmt: skip
    candidates = Candidate.objects.bulk_create(
        _candidate(season, p, p.business) for p in participations
    )
    winners = [c for c, p in zip(candidates, participations, strict=True) if p.status == "winner"]
    others = [c for c in candidates if c not in winners]
    finalists = winners + others[:15]
    weights = [60 if c in winners else 40 if c in finalists else 1 for c in candidates]
    Vote.objects.bulk_create(
        _votes(season, candidates, weights, FY2024_VOTES, date(2024, 7, 1), date(2024, 8, 31),
               season.votes_close, rng),
        batch_size=2000,
    )  # fmt: skip
    Candidate.objects.filter(pk__in=[c.pk for c in finalists]).update(is_finalist=True)
    judges = Judge.objects.bulk_create(
        [
            Judge(organization=organization, season=season, name=lead.display_name,
                  affiliation="川口商工会議所", user=lead),
            Judge(organization=organization, season=season, name="審査委員 森田 和子",
                  affiliation="川口市 産業振興部"),
            Judge(organization=organization, season=season, name="審査委員 川村 亮",
                  affiliation="埼玉県中小企業診断協会"),
        ]
    )  # fmt: skip
    # The winners scored clearly above the other finalists: the ranking confirms them.
    Score.objects.bulk_create(
        Score(organization=organization, judge=judge, candidate=c, criterion=criterion,
              points=rng.randint(8, 10) if c in winners else rng.randint(3, 6))
        for judge in judges
        for c in finalists
        for criterion in Criterion.values
    )  # fmt: skip


def _stores(organization, taken, rng) -> list[Business]:
    stores = list(
        Business.objects.filter(
            organization=organization, district__isnull=False, industry__in=["I", "M", "N"]
        )
        .exclude(pk__in=taken)
        .select_related("district")
        .order_by("pk")
    )
    rng.shuffle(stores)
    return stores[:CURRENT_CANDIDATES]


def _current(organization, programme, lead, today, rng) -> None:
    fy = fiscal_year(today)
    if Season.objects.filter(organization=organization, fiscal_year=fy).exists():
        return
    opened = today - timedelta(days=20)
    closes = today + timedelta(days=25)
    if fiscal_year(opened) != fy:
        opened = date(fy, 4, 1)
    season = Season.objects.create(
        organization=organization, programme=programme, fiscal_year=fy,
        name=f"第{fy - 2022}回 川口i-mise大賞（{fiscal_year_label(fy)}）",
        votes_open=_aware(opened, 0), votes_close=_aware(closes, 0),
        finalist_count=30, winner_count=12,
    )  # fmt: skip
    taken = Participation.objects.filter(programme=programme, fiscal_year=fy).values("business")
    stores = _stores(organization, taken, rng)
    participations = []
    for business in stores:
        p = Participation(
            organization=organization, programme=programme, business=business, staff=lead,
            district_id=business.district_id, in_territory=business.district.in_territory,
            is_small=business.is_small, started_on=opened, fiscal_year=fy,
            status=ParticipationStatus.CANDIDATE, category="市民投票候補",
        )  # fmt: skip
        participations.append(p)
    Participation.objects.bulk_create(participations, batch_size=1000)
    candidates = Candidate.objects.bulk_create(
        _candidate(season, p, b) for p, b in zip(participations, stores, strict=True)
    )
    now = timezone.now() if timezone.localdate() == today else _aware(today, 12 * 60)
    weights = [rng.choice((1, 1, 2, 3, 5, 12)) for _ in candidates]
    rows = _votes(season, candidates, weights, CURRENT_VOTES, opened, today, now, rng)
    # The suspicious burst: on three afternoons, 40 votes in 40 minutes for one store from
    # eight addresses, each a fresh device (cookies cleared between votes).
    target = candidates[7]
    addresses = [_hex(rng) for _ in range(8)]
    for back in (9, 8, 7):
        day = today - timedelta(days=back)
        for n in range(40):
            rows.append(
                Vote(organization=organization, season=season, candidate=target, day=day,
                     device_hash=_hex(rng), address_hash=addresses[n % 8],
                     created_at=_aware(day, 14 * 60 + n))
            )  # fmt: skip
    # One device voting for 70 stores in two evenings.
    device, address = _hex(rng), _hex(rng)
    for n, candidate in enumerate(candidates[100:170]):
        day = today - timedelta(days=3 + n % 2)
        rows.append(
            Vote(organization=organization, season=season, candidate=candidate, day=day,
                 device_hash=device, address_hash=address, created_at=_aware(day, 21 * 60 + n))
        )  # fmt: skip
    Vote.objects.bulk_create(rows, batch_size=2000)


def _follow_on(organization, lead, rng) -> None:
    """The FY2024 winners' follow-on publicity in FY2025: a PR video on キャスティビジョン for
    ten of them, SNS support for six (never in FY2024, whose counts the committee printed)."""
    from bansou.programmes.services import recompute_sales_outcomes

    programmes = {
        p.code: p
        for p in Programme.objects.filter(
            organization=organization, code__in=["video-streaming", "sns"]
        )
    }
    winners = list(
        Participation.objects.filter(
            organization=organization, programme__kind="imise_award", fiscal_year=2024,
            status=ParticipationStatus.WINNER,
        ).order_by("pk")
    )  # fmt: skip
    if len(programmes) < 2 or not winners:
        return
    rows = []
    for n, winner in enumerate(winners):
        for code, category, taken in (
            ("video-streaming", "受賞店PR動画", n < 10),
            ("sns", "受賞店SNS発信", n % 3 == 0),
        ):
            if taken:
                rows.append(
                    Participation(
                        organization=organization, programme=programmes[code],
                        business_id=winner.business_id, staff=lead,
                        district_id=winner.district_id, in_territory=winner.in_territory,
                        is_small=winner.is_small,
                        started_on=date(2025, 4, 15) + timedelta(days=rng.randrange(75)),
                        fiscal_year=2025, status="completed", category=category,
                    )
                )  # fmt: skip
    Participation.objects.bulk_create(rows)
    recompute_sales_outcomes({row.business_id for row in rows})


def load_imise_demo(organization, *, today: date | None = None, seed: int = SEED) -> None:
    programme = Programme.objects.filter(organization=organization, kind="imise_award").first()
    lead = User.objects.filter(organization=organization, role=Role.LEAD_ADVISOR).first()
    if programme is None or lead is None:
        return
    rng = random.Random(seed)
    _fy2024(organization, programme, lead, rng)
    if (today or timezone.localdate()) >= date(2025, 7, 1):
        _follow_on(organization, lead, rng)
    _current(organization, programme, lead, today or timezone.localdate(), rng)
