"""Demo surveys for 川口: definitions, panels, rounds and answers (deterministic).

FY2024 gives the committee's table for plan §1 ① (sme 4, lobo 12, closeup 4, urgent 10): a
round counts in the fiscal year of its publication day. Quarterly rounds are published on the
25th of the month after the calendar quarter (2024Q4 on 2025-01-25: FY2024; 2025Q1 would be
FY2025); LOBO on the 28th of its month; the urgent surveys of FY2024 in the month they ran,
plus one conducted in March 2025 and not yet published (not counted). FY2023 gets its rounds
too, so that the DI-over-time charts have two years.

Every published round has its entry in the publications register (meetings.Publication, kind
調査結果 / フォローコール調査結果), as publishing a round on its page records one. The living
demo (load_survey_living, from FY2025 up to today) goes on with the SME, close-up and LOBO
rounds; the rounds of today's quarter and month are open, with some of the panel yet to answer.
"""

from __future__ import annotations

import random
from datetime import date

from bansou.businesses.models import Business

from . import di
from .definitions import create_surveys
from .models import Channel, SurveyAnswer, SurveyResponse, SurveyRound
from .periods import month_of, parse_period, quarter_of

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
    _store(organization, rounds, surveys, rng, staff)


def _store(organization, rounds, surveys, rng, staff, *, skips=None) -> None:
    """Rounds (with their publications register entries), responses and answers in bulk.

    `skips(round)` says whether the next member does not answer (default: 6 %)."""
    from bansou.meetings.models import Medium, Publication

    from .services import publication_kind, publication_title

    for r, _members in rounds:
        r.refresh_derived()
    publications = {}
    for r, _members in rounds:
        if r.published:
            publications[id(r)] = Publication(
                organization=organization, kind=publication_kind(r.survey),
                title=publication_title(r), subject=r.survey.name[:100],
                medium=Medium.WEBSITE, published_on=r.published_on,
                fiscal_year=r.fiscal_year,
            )  # fmt: skip
    Publication.objects.bulk_create(publications.values())
    for r, _members in rounds:
        r.publication = publications.get(id(r))
    SurveyRound.objects.bulk_create([r for r, _m in rounds])
    industries = dict(
        Business.objects.filter(organization=organization).values_list("pk", "industry")
    )
    items = {code: list(s.items.all()) for code, s in surveys.items()}
    responses, plan = [], []
    for r, members in rounds:
        for business_id in members:
            if skips(r) if skips else rng.random() < 0.06:
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
        plus, minus = MOOD.get(r.starts_on.year, MOOD[2025])
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


def load_survey_living(organization, *, today: date, seed: int = SEED, staff=None) -> None:
    """FY2025 up to today: SME and close-up quarters, LOBO months. A round is published on
    its day when that day is past; the rounds of today's quarter and month are open, with
    about a third of the panel still to answer."""
    from .models import Survey

    surveys = {s.code: s for s in Survey.objects.filter(organization=organization)}
    if not {"sme", "closeup", "lobo"} <= set(surveys):
        return
    rng = random.Random(seed + 1)
    panels = {
        code: list(surveys[code].panel.order_by("pk").values_list("pk", flat=True))
        for code in ("sme", "closeup", "lobo")
    }
    current_quarter, current_month = quarter_of(today).code, month_of(today).code
    rounds = []
    for code, day in (("sme", 25), ("closeup", 20)):
        year, quarter = 2025, 1
        while (year, quarter) <= (today.year, (today.month + 2) // 3):
            p = parse_period(f"{year}Q{quarter}")
            published = _published_on_quarter(p, day)
            conducted = min(p.ends_on, today)
            r = _round(surveys[code], p.code, published if published < today else None, conducted)
            rounds.append((r, panels[code]))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    year, month = 2025, 4
    while (year, month) <= (today.year, today.month):
        p = parse_period(f"{year}-{month:02d}")
        published = p.ends_on.replace(day=28)
        conducted = min(p.starts_on.replace(day=15), today)
        r = _round(surveys["lobo"], p.code, published if published < today else None, conducted)
        rounds.append((r, panels["lobo"]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for r, _m in rounds:
        r.survey_code = r.survey.code

    def skips(r) -> bool:
        current = r.period in (current_quarter, current_month)
        return rng.random() < (0.4 if current else 0.06)

    _store(organization, rounds, surveys, rng, staff, skips=skips)


def remove_survey_demo(organizations) -> None:
    SurveyAnswer.objects.filter(response__organization__in=organizations).delete()
    SurveyResponse.objects.filter(organization__in=organizations).delete()
    from bansou.meetings.models import Publication

    published = list(
        SurveyRound.objects.filter(
            organization__in=organizations, publication__isnull=False
        ).values_list("publication_id", flat=True)
    )
    SurveyRound.objects.filter(organization__in=organizations).delete()
    Publication.objects.filter(pk__in=published).delete()
    from .models import Survey, SurveyItem

    SurveyItem.objects.filter(organization__in=organizations).delete()
    Survey.objects.filter(organization__in=organizations).delete()
