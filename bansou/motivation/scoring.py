"""Pure scoring of a motivation check: weighted percent score and A–D rank."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from django.utils.translation import gettext as _

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal("100")


class ScoredItem(Protocol):
    pk: int
    weight: int
    max_points: int


class ScoringError(ValueError):
    """Answers that cannot be scored; the message is shown to the user."""


@dataclass(frozen=True)
class Thresholds:
    """Lowest score (percent, inclusive) for ranks A, B and C; anything below C is D."""

    a: Decimal
    b: Decimal
    c: Decimal


def points_error(item: ScoredItem, points) -> str | None:
    """The message for points outside 0..max_points, or None when they are fine."""
    if (
        isinstance(points, bool)
        or not isinstance(points, int)
        or not 0 <= points <= item.max_points
    ):
        return _("Points must be a whole number from 0 to %(max)d.") % {"max": item.max_points}
    return None


def score(points_by_item: Mapping[int, int], items: Iterable[ScoredItem]) -> Decimal:
    """Weighted points / weighted maximum × 100, rounded half up to one decimal.

    Every item must be answered: an unanswered question would silently lower the score.
    """
    items = list(items)
    if not items:
        raise ScoringError(_("The questionnaire has no items."))
    earned = possible = 0
    for item in items:
        if item.pk not in points_by_item:
            raise ScoringError(_("Answer every question."))
        points = points_by_item[item.pk]
        if message := points_error(item, points):
            raise ScoringError(message)
        earned += item.weight * points
        possible += item.weight * item.max_points
    unknown = set(points_by_item) - {item.pk for item in items}
    if unknown:
        raise ScoringError(_("An answer refers to a question that is not in this questionnaire."))
    return (Decimal(earned) * HUNDRED / Decimal(possible)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def score_table(items: Iterable[ScoredItem]) -> list[Decimal]:
    """score() of every weighted total a complete answer sheet can earn, by that total: an
    import scores each row by one addition and a look-up (the same rounding, computed once)."""
    possible = sum(item.weight * item.max_points for item in items)
    if not possible:
        raise ScoringError(_("The questionnaire has no items."))
    return [
        (Decimal(earned) * HUNDRED / Decimal(possible)).quantize(ONE_DECIMAL, ROUND_HALF_UP)
        for earned in range(possible + 1)
    ]


def rank(value: Decimal, thresholds: Thresholds) -> str:
    """A when the score reaches the A threshold, then B, then C; below C is D."""
    if value >= thresholds.a:
        return "A"
    if value >= thresholds.b:
        return "B"
    if value >= thresholds.c:
        return "C"
    return "D"


def threshold_errors(a: Decimal | None, b: Decimal | None, c: Decimal | None) -> list[str]:
    """Why these thresholds cannot be used (empty when they can): each within 0–100, A ≥ B ≥ C."""
    errors = []
    for label, value in (("A", a), ("B", b), ("C", c)):
        if value is None:
            errors.append(_("Enter the lowest score for rank %(rank)s.") % {"rank": label})
        elif not Decimal("0") <= value <= HUNDRED:
            errors.append(
                _("The threshold for rank %(rank)s must be between 0 and 100.") % {"rank": label}
            )
    if errors:
        return errors
    if a < b:
        errors.append(_("The threshold for rank A must not be lower than the one for rank B."))
    if b < c:
        errors.append(_("The threshold for rank B must not be lower than the one for rank C."))
    return errors
