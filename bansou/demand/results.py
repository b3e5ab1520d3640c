"""Per-question results of a demand survey, aggregated in the database: one query for the
questions, one for the number of respondents per question, one for the scale values, one for
the choices and one for the texts, whatever the number of questions or answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from .models import Answer, DemandSurvey, Question, QuestionKind

TEXTS_SHOWN = 500  # free texts listed per question (the PDF and page stay readable)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)  # (label, count)
    mean: Decimal | None = None
    texts: list[str] = field(default_factory=list)
    more_texts: int = 0

    @property
    def kind(self) -> str:
        return self.question.kind


def mean_of(distribution: dict[int, int]) -> Decimal | None:
    """Mean of a five-point distribution {value: count}, one decimal (half up)."""
    total = sum(distribution.values())
    if not total:
        return None
    mean = Decimal(sum(v * n for v, n in distribution.items())) / total
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def build(survey: DemandSurvey) -> list[QuestionResult]:
    questions = list(survey.questions.all())
    answers = Answer.objects.filter(question__survey=survey)
    answered = dict(
        answers.values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    )
    scales: dict[int, dict[int, int]] = {}
    for qid, value, n in (
        answers.filter(scale__isnull=False)
        .values("question_id", "scale")
        .annotate(n=Count("id"))
        .values_list("question_id", "scale", "n")
    ):
        scales.setdefault(qid, {})[value] = n
    choices: dict[int, dict[str, int]] = {}
    for qid, choice, n in (
        answers.exclude(choice="")
        .values("question_id", "choice")
        .annotate(n=Count("id"))
        .values_list("question_id", "choice", "n")
    ):
        choices.setdefault(qid, {})[choice] = n
    texts: dict[int, list[str]] = {}
    for qid, text in (
        answers.filter(question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .order_by("question_id", "response_id")
        .values_list("question_id", "text")
    ):
        texts.setdefault(qid, []).append(text)
    results = []
    for q in questions:
        r = QuestionResult(q, answered=answered.get(q.pk, 0))
        if q.kind == QuestionKind.SCALE:
            dist = scales.get(q.pk, {})
            r.counts = [(str(v), dist.get(v, 0)) for v in range(1, 6)]
            r.mean = mean_of(dist)
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            got = choices.get(q.pk, {})
            listed = q.option_list
            # Options removed after answers were given still show their answers.
            r.counts = [(o, got.get(o, 0)) for o in listed] + [
                (o, n) for o, n in sorted(got.items()) if o not in listed
            ]
        else:
            all_texts = texts.get(q.pk, [])
            r.texts = all_texts[:TEXTS_SHOWN]
            r.more_texts = max(len(all_texts) - TEXTS_SHOWN, 0)
        results.append(r)
    return results
