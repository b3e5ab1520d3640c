"""A round's DI table from the database: one query for every item, one for every item by
industry, one for the comments — whatever the number of respondents (issue 16, speed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from bansou.businesses.industries import Industry

from . import di
from .models import SurveyAnswer, SurveyItem, SurveyResponse, SurveyRound


@dataclass
class ItemResult:
    item: SurveyItem
    tally: di.Tally
    by_industry: dict[str, di.Tally] = field(default_factory=dict)

    @property
    def di(self) -> Decimal | None:
        return self.tally.di

    def as_json(self) -> dict:
        t = self.tally
        return {
            "item": self.item.name,
            "basis": self.item.get_basis_display(),
            "positive_answer": self.item.plus_word,
            "neutral_answer": self.item.neutral_word,
            "negative_answer": self.item.minus_word,
            "positive": t.plus,
            "neutral": t.neutral,
            "negative": t.minus,
            "not_applicable": t.not_applicable,
            "valid": t.valid,
            "di": _number(t.di),
            "di_text": di.format_di(t.di),
            "favourable_when_rising": self.item.favourable_when_rising,
            "by_industry": {
                code: {"di": _number(one.di), "valid": one.valid}
                for code, one in sorted(self.by_industry.items())
            },
        }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _counts():
    return {
        "plus": Count("pk", filter=Q(side=di.PLUS)),
        "neutral": Count("pk", filter=Q(side=di.NEUTRAL)),
        "minus": Count("pk", filter=Q(side=di.MINUS)),
        "na": Count("pk", filter=Q(side=di.NOT_APPLICABLE)),
    }


def _tally(row: dict) -> di.Tally:
    return di.Tally(row["plus"], row["neutral"], row["minus"], row["na"])


@dataclass
class RoundReport:
    round: SurveyRound
    respondents: int
    items: list[ItemResult]
    industries: list[tuple[str, str]]  # (code, label) of the industries that answered
    comments: list[tuple[str, str]]  # (industry label, text): no business named

    def as_json(self) -> dict:
        r = self.round
        return {
            "survey": {"code": r.survey.code, "name": r.survey.name},
            "period": r.period,
            "period_from": r.starts_on.isoformat(),
            "period_to": r.ends_on.isoformat(),
            "published": r.published,
            "published_on": r.published_on.isoformat() if r.published_on else None,
            "respondents": self.respondents,
            "items": [one.as_json() for one in self.items],
        }


def choice_items(survey) -> list[SurveyItem]:
    return [i for i in survey.items.all() if i.is_choice]


def build(round_: SurveyRound, *, comments: bool = True) -> RoundReport:
    """The DI of every three-choice item of the round, overall and by industry."""
    items = choice_items(round_.survey)
    answers = SurveyAnswer.objects.filter(response__round=round_)
    overall = {
        row["item_id"]: _tally(row)
        for row in answers.values("item_id").annotate(**_counts()).order_by()
    }
    by_industry: dict[int, dict[str, di.Tally]] = {}
    for row in answers.values("item_id", "response__industry").annotate(**_counts()).order_by():
        code = row["response__industry"] or "T"
        by_industry.setdefault(row["item_id"], {})[code] = _tally(row)
    respondents = SurveyResponse.objects.filter(round=round_).count()
    results = [
        ItemResult(item, overall.get(item.pk, di.Tally()), by_industry.get(item.pk, {}))
        for item in items
    ]
    codes = sorted({code for one in results for code in one.by_industry})
    labels = dict(Industry.choices)
    notes: list[tuple[str, str]] = []
    if comments:
        texts = (
            SurveyAnswer.objects.filter(response__round=round_, item__kind="text")
            .exclude(text="")
            .values_list("response__industry", "text")
            .order_by("response__industry", "pk")
        )
        plain = (
            SurveyResponse.objects.filter(round=round_)
            .exclude(comment="")
            .values_list("industry", "comment")
            .order_by("industry", "pk")
        )
        notes = [(str(labels.get(code, "")), text) for code, text in [*texts, *plain]]
    return RoundReport(
        round_, respondents, results, [(c, str(labels.get(c, c))) for c in codes], notes
    )


def history(survey, *, published_only: bool = False, limit: int = 12):
    """(rounds oldest first, {item_id: [Tally per round]}) for the DI-over-time chart: one
    query for the rounds and one for the answers of all of them."""
    rounds = SurveyRound.objects.filter(survey=survey)
    if published_only:
        rounds = rounds.filter(published=True)
    rounds = list(rounds.order_by("-starts_on", "-pk")[:limit])[::-1]
    rows = (
        SurveyAnswer.objects.filter(response__round__in=[r.pk for r in rounds])
        .values("item_id", "response__round_id")
        .annotate(**_counts())
        .order_by()
    )
    table: dict[int, dict[int, di.Tally]] = {}
    for row in rows:
        table.setdefault(row["item_id"], {})[row["response__round_id"]] = _tally(row)
    series = {
        item_id: [per_round.get(r.pk, di.Tally()) for r in rounds]
        for item_id, per_round in table.items()
    }
    return rounds, series


def industry_history(item: SurveyItem, rounds: list[SurveyRound]) -> dict[str, dict[int, di.Tally]]:
    """{industry code: {round id: Tally}} of one item over the given rounds (one query)."""
    rows = (
        SurveyAnswer.objects.filter(item=item, response__round__in=[r.pk for r in rounds])
        .values("response__round_id", "response__industry")
        .annotate(**_counts())
        .order_by()
    )
    table: dict[str, dict[int, di.Tally]] = {}
    for row in rows:
        code = row["response__industry"] or "T"
        table.setdefault(code, {})[row["response__round_id"]] = _tally(row)
    return table
