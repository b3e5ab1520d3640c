"""Demo demand surveys for 川口 (deterministic).

FY2024 (written by load_kawaguchi_demo with the committee's records): the exhibition row ③ of
section 2 reads 4 — four exhibitors of the 川口ものづくりフェア surveyed at the booth, 50 or
more visitors each, fed back to the business with the expert before March. Not counted: a fifth
exhibitor whose survey stopped at 38 answers (below its target of 50), and a crowdfunding
supporters' survey that opened in April 2025 (FY2025): row ① stays 「R6実施なし」.

The living demo (load_living_demand, from `bansou demo`) adds surveys of FY2023, FY2025 and
FY2026 up to today, and one exhibition survey open today with its QR sheet.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from bansou.businesses.models import Business
from bansou.events.models import Event, EventKind

from .models import Answer, DemandResponse, DemandSurvey, Question, QuestionKind, SurveyStatus
from .questions import STANDARD_SETS
from .services import ALPHABET, recount

SEED = 20261207
PRODUCTS = [
    "鋳物のすき焼き鍋", "ステンレス三徳包丁", "木製つみき「かわぐちの街」", "鋳物の文鎮",
    "南部鉄器風ケトル", "植木鉢スタンド（鋳鉄）", "ミニフライパン", "ガラス製箸置き",
    "本革キーケース", "鋳物のスキレット", "子ども用木製パズル", "アルミ製弁当箱",
]  # fmt: skip
COMMENTS = [
    "思ったより軽くて使いやすそう。", "色のバリエーションがもっとあるとよい。",
    "贈り物にちょうどよいと思います。", "価格がもう少し安ければ買いたい。",
    "パッケージがおしゃれで目を引いた。", "IHに対応しているか知りたい。",
    "川口の鋳物だと初めて知りました。", "手入れの方法を書いてほしい。",
    "サイズ違いがあれば欲しい。", "ネットでも買えるとうれしい。",
]  # fmt: skip
INTRO = "川口市内の事業者が開発した製品について、ご意見をお聞かせください（約3分）。"


def _code(rng: random.Random) -> str:
    while True:
        code = "".join(rng.choice(ALPHABET) for _i in range(8))
        if not DemandSurvey.objects.filter(short_code=code).exists():
            return code


def _scale(rng: random.Random, appeal: float) -> int:
    """A five-point answer leaning to `appeal` (0 bad … 1 good)."""
    centre = 1 + 4 * appeal
    return max(1, min(5, round(rng.gauss(centre, 0.9))))


def _make(organization, business, staff, rng, *, channel, product, opens_on, closes_on,
          answers, feedback_on=None, event=None, expert=None, status=SurveyStatus.CLOSED,
          target=50, phase_split=0.5) -> DemandSurvey:  # fmt: skip
    survey = DemandSurvey(
        organization=organization, business=business, staff=staff, channel=channel,
        product_name=product, event=event, opens_on=opens_on, closes_on=closes_on,
        target_responses=target, max_responses=300, status=status, intro=INTRO,
        short_code=_code(rng), current_phase="before" if channel == "crowdfunding" else "",
    )  # fmt: skip
    survey.capture_business_facts()
    survey.save()
    questions = Question.objects.bulk_create(
        Question(
            organization=organization, survey=survey, position=(i + 1) * 10, text=spec.text,
            kind=spec.kind, low_label=spec.low, high_label=spec.high,
            options="\n".join(spec.options), required=spec.required, phase=spec.phase,
        )
        for i, spec in enumerate(STANDARD_SETS[channel])
    )  # fmt: skip
    appeal = rng.uniform(0.45, 0.8)
    responses, rows = [], []
    for n in range(answers):
        phase = ""
        if channel == "crowdfunding":
            phase = "before" if n < answers * phase_split else "after"
        responses.append(
            DemandResponse(
                organization=organization, survey=survey, phase=phase,
                staff_entered=channel == "exhibition" and n % 3 == 0,
                entered_by=staff if channel == "exhibition" and n % 3 == 0 else None,
            )
        )  # fmt: skip
    DemandResponse.objects.bulk_create(responses)
    for response in responses:
        for q in questions:
            if q.phase and q.phase != response.phase:
                continue
            if q.kind == QuestionKind.SCALE:
                if not q.required and rng.random() < 0.05:
                    continue
                rows.append(Answer(response=response, question=q, scale=_scale(rng, appeal)))
            elif q.kind == QuestionKind.SINGLE:
                rows.append(Answer(response=response, question=q, choice=rng.choice(q.option_list)))
            elif q.kind == QuestionKind.MULTIPLE:
                for option in rng.sample(q.option_list, rng.randint(1, 2)):
                    rows.append(Answer(response=response, question=q, choice=option))
            elif rng.random() < 0.3:
                rows.append(Answer(response=response, question=q, text=rng.choice(COMMENTS)))
    Answer.objects.bulk_create(rows, batch_size=2000)
    if feedback_on is not None:
        survey.feedback_on = feedback_on
        survey.expert = expert
        survey.analysis = (
            f"{product}は「デザイン」「触った印象」の評価が高い一方、「価格」は割高と感じる回答が"
            "目立った。贈答用パッケージとサイズ展開の検討、価格に見合う品質の伝え方（素材・製法の"
            "説明）を提案する。"
        )
        survey.save()
    else:
        recount(survey)
    return survey


def _manufacturers(organization, count: int, rng) -> list[Business]:
    found = Business.objects.filter(organization=organization, district__isnull=False)
    makers = found.filter(industry="E")  # 製造業: the products are made in 川口
    pool = list((makers if makers.count() >= count else found).order_by("pk")[:2000])
    rng.shuffle(pool)
    return pool[:count]


def create_fy2024_surveys(organization, people) -> None:
    """The FY2024 records behind section 2 (see the module docstring)."""
    rng = random.Random(SEED)
    fair = (
        Event.objects.filter(organization=organization, kind=EventKind.EXHIBITION,
                             held_on__gte=date(2024, 4, 1), held_on__lte=date(2025, 3, 31))
        .order_by("-held_on")
        .first()
    )  # fmt: skip
    held = fair.held_on if fair else date(2024, 10, 20)
    exhibitors = []
    if fair is not None:
        from bansou.events.models import EventParticipation

        ids = list(
            EventParticipation.objects.filter(event=fair)
            .order_by("pk")
            .values_list("business_id", flat=True)[:5]
        )
        exhibitors = list(Business.objects.filter(pk__in=ids).order_by("pk"))
    if len(exhibitors) < 5:
        exhibitors += _manufacturers(organization, 5 - len(exhibitors), rng)
    feedback = min(held + timedelta(days=35), date(2025, 3, 19))
    for i, business in enumerate(exhibitors):
        _make(
            organization, business, people.advisors[i % len(people.advisors)], rng,
            channel="exhibition", product=PRODUCTS[i], opens_on=held, closes_on=held,
            answers=38 if i == 4 else 50 + i, feedback_on=feedback, event=fair,
        )  # fmt: skip
    # A crowdfunding campaign's supporters, asked from April 2025: FY2025, not FY2024.
    _make(
        organization, _manufacturers(organization, 1, rng)[0], people.lead, rng,
        channel="crowdfunding", product="鋳物のホットサンドメーカー", opens_on=date(2025, 4, 10),
        closes_on=date(2025, 7, 31), answers=54, feedback_on=date(2025, 8, 28),
    )  # fmt: skip


def load_living_demand(organization, *, today: date) -> DemandSurvey | None:
    """FY2023, FY2025 and FY2026 surveys up to `today`, and one open today (its QR sheet)."""
    from bansou.accounts.models import Role, User
    from bansou.partners.models import Expert

    rng = random.Random(SEED + 1)
    staff = list(
        User.objects.filter(
            organization=organization, role__in=[Role.ADVISOR, Role.LEAD_ADVISOR]
        ).order_by("pk")
    ) or list(User.objects.filter(organization=organization).order_by("pk"))
    expert = Expert.objects.filter(organization=organization).order_by("pk").first()
    businesses = _manufacturers(organization, 16, rng)
    plan = [
        # (fiscal year, channel, opens (month, day), answers, days to feedback)
        (2023, "exhibition", (10, 21), 52, 30),
        (2023, "exhibition", (10, 21), 55, 30),
        (2023, "exhibition", (10, 21), 50, 35),
        (2023, "exhibition", (11, 18), 54, 30),
        (2023, "crowdfunding", (6, 1), 50, 120),
        (2023, "crowdfunding", (8, 1), 58, 110),
        (2023, "crowdfunding", (9, 15), 51, 100),
        (2023, "crowdfunding", (11, 1), 63, 90),
        (2025, "exhibition", (10, 19), 51, 28),
        (2025, "exhibition", (10, 19), 57, 28),
        (2025, "crowdfunding", (7, 1), 61, 100),
        (2026, "exhibition", (6, 14), 50, 30),
        (2026, "voucher", (7, 1), 50, 60),
        (2026, "exhibition", (10, 18), 53, 25),
    ]
    for i, (fy, channel, (month, day), answers, after) in enumerate(plan):
        opens = date(fy if month >= 4 else fy + 1, month, day)
        closes = opens if channel == "exhibition" else opens + timedelta(days=after // 2)
        feedback = opens + timedelta(days=after)
        if closes > today:
            continue
        _make(
            organization, businesses[i], staff[i % len(staff)], rng, channel=channel,
            product=PRODUCTS[(i + 5) % len(PRODUCTS)], opens_on=opens, closes_on=closes,
            answers=answers, feedback_on=feedback if feedback <= today else None, expert=expert,
        )  # fmt: skip
    # Open today at the booth: a few answers so far, the QR sheet ready to print.
    event = (
        Event.objects.filter(organization=organization, held_on__lte=today)
        .order_by("-held_on")
        .first()
    )
    return _make(
        organization, businesses[-1], staff[0], rng, channel="exhibition",
        product="鋳物のおろし金", opens_on=today, closes_on=today + timedelta(days=30),
        answers=7, status=SurveyStatus.OPEN, event=event if event and event.held_on == today
        else None,
    )  # fmt: skip


def remove_demand_demo(organizations) -> None:
    Answer.objects.filter(response__organization__in=organizations).delete()
    DemandResponse.objects.filter(organization__in=organizations).delete()
    DemandSurvey.objects.filter(organization__in=organizations).delete()
