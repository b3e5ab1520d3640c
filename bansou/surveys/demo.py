"""Demo surveys for 川口: definitions, panels, rounds and answers (deterministic).

FY2024 gives the committee's table for plan §1 ① (sme 4, lobo 12, closeup 4, urgent 10): a
round counts in the fiscal year of its publication day. Quarterly rounds are published on the
25th of the month after the calendar quarter (2024Q4 on 2025-01-25: FY2024; 2025Q1 would be
FY2025); LOBO on the 28th of its month; the urgent surveys of FY2024 in the month they ran,
plus one conducted in March 2025 and not yet published (not counted). FY2023 gets its rounds
too, so that the DI-over-time charts have two years.
"""

from __future__ import annotations

import random
from datetime import date

from bansou.businesses.models import Business

from . import di
from .definitions import create_surveys
from .models import Channel, SurveyAnswer, SurveyResponse, SurveyRound
from .periods import parse_period

SEED = 20250716
URGENT_TITLES = [
    ("2024-04", "物価高・円安の影響に関する緊急アンケート"),
    ("2024-05", "人手不足の状況に関する緊急アンケート"),
    ("2024-06", "資金繰りに関する緊急アンケート"),
    ("2024-07", "最低賃金引上げの影響に関する緊急アンケート"),
    ("2024-08", "価格転嫁の状況に関する緊急アンケート"),
    ("2024-09", "DX化の現状に関する緊急アンケート"),
    ("2024-10", "インボイス制度対応に関する緊急アンケート"),
    ("2024-11", "年末資金需要に関する緊急アンケート"),
    ("2024-12", "事業承継に関する緊急アンケート"),
    ("2025-01", "BCP策定状況に関する緊急アンケート"),
]
URGENT_UNPUBLISHED = ("2025-03", "原材料高騰の影響に関する緊急アンケート（集計中）")
COMMENTS = [
    "原材料価格の上昇分を販売価格に転嫁しきれていない。",
    "人手不足で受注を断ることがある。",
    "取引先の設備投資が回復し、受注が増えている。",
    "最低賃金の引上げへの対応が課題。",
    "資金繰りは落ち着いているが先行きが不透明。",
    "インバウンド需要で来店客が増えた。",
]
# The mood of the quarters: the chance of a plus and a minus answer, slowly improving.
MOOD = {2023: (0.18, 0.40), 2024: (0.22, 0.36), 2025: (0.24, 0.33)}


def _quarters():
    return [f"{y}Q{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)]


def _months():
    return [f"{y}-{m:02d}" for y, ms in ((2023, range(4, 13)), (2024, range(1, 13)),
                                            (2025, range(1, 4))) for m in ms]  # fmt: skip


def _published_on_quarter(period, day: int) -> date:
    end = period.ends_on
    return date(end.year + (end.month == 12), end.month % 12 + 1, day)


def _round(survey, code: str, published_on: date | None, conducted_on: date, title: str = ""):
    p = parse_period(code)
    return SurveyRound(
        organization_id=survey.organization_id, survey=survey, period=p.code,
        starts_on=p.starts_on, ends_on=p.ends_on, title=title, conducted_on=conducted_on,
        published=published_on is not None, published_on=published_on,
        commentary=_commentary(survey.name, p) if published_on else "",
    )  # fmt: skip


def _commentary(name: str, period) -> str:
    return (
        f"{name}（{period.label()}）の結果、業況DIは前期からやや改善したものの、"
        "仕入単価DIは高止まりしており、価格転嫁の遅れと人手不足が引き続き課題となっている。"
        "小規模事業者ほど資金繰りの悪化を訴える回答が多い。"
    )


def load_survey_demo(organization, *, staff=None) -> None:
    rng = random.Random(SEED)
    surveys = create_surveys(organization)
    ids = list(
        Business.objects.filter(organization=organization)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return
    chosen = rng.sample(ids, min(len(ids), 45 + 9 + 400))
    panels = {"sme": chosen[:45], "lobo": chosen[45:54], "closeup": chosen[54:454]}
    for code, members in panels.items():
        surveys[code].panel.set(members)
    rounds: list[tuple[SurveyRound, list[int]]] = []
    for code in ("sme", "closeup"):
        day = 25 if code == "sme" else 20
        for q in _quarters():
            p = parse_period(q)
            published = _published_on_quarter(p, day)
            rounds.append((_round(surveys[code], q, published, p.ends_on), panels[code]))
    for m in _months():
        p = parse_period(m)
        lobo = _round(surveys["lobo"], m, p.ends_on.replace(day=28), p.starts_on.replace(day=15))
        rounds.append((lobo, panels["lobo"]))
    for m, title in URGENT_TITLES:
        p = parse_period(m)
        sample = rng.sample(ids, min(len(ids), 120))
        rounds.append((_round(surveys["urgent"], m, p.ends_on, p.starts_on.replace(day=20), title),
                       sample))  # fmt: skip
    m, title = URGENT_UNPUBLISHED
    p = parse_period(m)
    rounds.append((_round(surveys["urgent"], m, None, p.starts_on.replace(day=14), title),
                   rng.sample(ids, min(len(ids), 60))))  # fmt: skip
    for q in ("2024Q2", "2024Q3", "2024Q4", "2025Q1"):
        p = parse_period(q)
        rounds.append((_round(surveys["follow-call"], q, None, p.ends_on),
                       rng.sample(ids, min(len(ids), 500))))  # fmt: skip
    for r, _members in rounds:
        r.refresh_derived()
    SurveyRound.objects.bulk_create([r for r, _m in rounds])
    industries = dict(
        Business.objects.filter(organization=organization).values_list("pk", "industry")
    )
    items = {code: list(s.items.all()) for code, s in surveys.items()}
    responses, plan = [], []
    for r, members in rounds:
        for business_id in members:
            if rng.random() < 0.06:
                continue  # not every panel member answers every round
            response = SurveyResponse(
                organization=organization, round=r, business_id=business_id,
                industry=industries.get(business_id) or "", entered_by=staff,
                channel=rng.choice([Channel.FAX, Channel.FAX, Channel.PHONE, Channel.VISIT]),
                comment=rng.choice(COMMENTS) if rng.random() < 0.08 else "",
            )  # fmt: skip
            responses.append(response)
            plan.append((response, r))
    SurveyResponse.objects.bulk_create(responses, batch_size=2000)
    answers = []
    for response, r in plan:
        plus, minus = MOOD.get(r.starts_on.year, MOOD[2024])
        for item in items[r.survey.code]:
            if not item.is_choice:
                if rng.random() < 0.05:
                    answers.append(SurveyAnswer(response=response, item=item,
                                                text=rng.choice(COMMENTS)))  # fmt: skip
                continue
            roll = rng.random()
            if roll < 0.03:
                side = di.NOT_APPLICABLE
            elif roll < 0.03 + plus:
                side = di.PLUS
            elif roll < 0.03 + plus + minus:
                side = di.MINUS
            else:
                side = di.NEUTRAL
            if (
                not item.favourable_when_rising
                and side in (di.PLUS, di.MINUS)
                and rng.random() < 0.6
            ):
                side = di.PLUS  # prices up, staff short: the bad news is on the plus side
                if item.minus_word == "不足":
                    side = di.MINUS
            answers.append(SurveyAnswer(response=response, item=item, side=side))
    SurveyAnswer.objects.bulk_create(answers, batch_size=5000)


def remove_survey_demo(organizations) -> None:
    SurveyAnswer.objects.filter(response__organization__in=organizations).delete()
    SurveyResponse.objects.filter(organization__in=organizations).delete()
    SurveyRound.objects.filter(organization__in=organizations).delete()
    from .models import Survey, SurveyItem

    SurveyItem.objects.filter(organization__in=organizations).delete()
    Survey.objects.filter(organization__in=organizations).delete()
