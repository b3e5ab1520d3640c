"""The pure score and rank functions, boundaries included."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from bansou.motivation.scoring import (
    ScoringError,
    Thresholds,
    points_error,
    rank,
    score,
    score_table,
    threshold_errors,
)


@dataclass
class Item:
    pk: int
    weight: int
    max_points: int = 4


ITEMS = [Item(1, 5), Item(2, 3), Item(3, 1)]  # weighted maximum 4 × 9 = 36
THRESHOLDS = Thresholds(a=Decimal("75.0"), b=Decimal("50.0"), c=Decimal("25.0"))


def test_full_and_empty_marks():
    assert score({1: 4, 2: 4, 3: 4}, ITEMS) == Decimal("100.0")
    assert score({1: 0, 2: 0, 3: 0}, ITEMS) == Decimal("0.0")


def test_weights_count():
    # 5×4 + 3×0 + 1×0 = 20 of 36 → 55.555… → 55.6; the light item alone: 4 of 36 → 11.1
    assert score({1: 4, 2: 0, 3: 0}, ITEMS) == Decimal("55.6")
    assert score({1: 0, 2: 0, 3: 4}, ITEMS) == Decimal("11.1")


def test_rounds_half_up_to_one_decimal():
    # 1 of 8 = 12.5 exactly; 1 of 16 = 6.25 → 6.3 (half up, not banker's 6.2)
    assert score({1: 1}, [Item(1, 2, 8)]) == Decimal("12.5")
    assert score({1: 1, 2: 0}, [Item(1, 1, 4), Item(2, 3, 4)]) == Decimal("6.3")


def test_different_maximum_points():
    items = [Item(1, 1, 2), Item(2, 1, 10)]
    assert score({1: 2, 2: 0}, items) == Decimal("16.7")  # 2 of 12


@pytest.mark.parametrize("points", [-1, 5, 99])
def test_points_outside_the_scale_are_refused(points):
    with pytest.raises(ScoringError, match="0"):
        score({1: points, 2: 0, 3: 0}, ITEMS)


def test_non_integer_points_are_refused():
    assert points_error(Item(1, 1), "3") is not None
    assert points_error(Item(1, 1), True) is not None
    assert points_error(Item(1, 1), 4) is None
    assert points_error(Item(1, 1), 0) is None


def test_every_question_must_be_answered():
    with pytest.raises(ScoringError):
        score({1: 4, 2: 4}, ITEMS)


def test_unknown_question_is_refused():
    with pytest.raises(ScoringError):
        score({1: 4, 2: 4, 3: 4, 99: 1}, ITEMS)


def test_no_items():
    with pytest.raises(ScoringError):
        score({}, [])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100.0", "A"),
        ("75.0", "A"),  # the threshold itself belongs to the higher rank
        ("74.9", "B"),
        ("50.0", "B"),
        ("49.9", "C"),
        ("25.0", "C"),
        ("24.9", "D"),
        ("0.0", "D"),
    ],
)
def test_rank_boundaries(value, expected):
    assert rank(Decimal(value), THRESHOLDS) == expected


def test_equal_thresholds_skip_a_rank():
    same = Thresholds(a=Decimal("60"), b=Decimal("60"), c=Decimal("0"))
    assert rank(Decimal("60"), same) == "A"
    assert rank(Decimal("59.9"), same) == "C"
    assert rank(Decimal("0"), same) == "C"


def test_valid_thresholds():
    assert threshold_errors(Decimal("75"), Decimal("50"), Decimal("25")) == []
    assert threshold_errors(Decimal("100"), Decimal("100"), Decimal("0")) == []


def test_thresholds_out_of_order():
    errors = threshold_errors(Decimal("40"), Decimal("50"), Decimal("60"))
    assert len(errors) == 2
    assert "A" in errors[0] and "B" in errors[1]


@pytest.mark.parametrize(("a", "b", "c"), [("101", "50", "25"), ("75", "50", "-1")])
def test_thresholds_outside_0_100(a, b, c):
    errors = threshold_errors(Decimal(a), Decimal(b), Decimal(c))
    assert len(errors) == 1
    assert "100" in errors[0]


def test_missing_threshold():
    assert threshold_errors(None, Decimal("50"), Decimal("25"))


def test_score_table_holds_score_of_every_total():
    """The import's table (one entry per weighted total) rounds as score() does."""
    from itertools import product

    table = score_table(ITEMS)
    assert len(table) == 37
    for points in product(range(5), repeat=3):
        earned = sum(item.weight * p for item, p in zip(ITEMS, points, strict=True))
        assert table[earned] == score(dict(zip((1, 2, 3), points, strict=True)), ITEMS)
