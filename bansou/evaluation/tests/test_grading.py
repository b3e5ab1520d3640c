"""DOMAIN §2 grading rules as pure functions."""

from decimal import Decimal

import pytest
from django.utils import translation

from bansou.evaluation.engine.grading import (
    GradeScale,
    GradeScaleError,
    composite_grade,
    kawaguchi_scale,
    percent,
    qualitative_grade,
)


@pytest.fixture(autouse=True)
def english():
    """The fragments below are the English msgids."""
    with translation.override("en"):
        yield


D = Decimal
A_TO_D = [
    {"grade": "A", "min_percent": 100, "points": 4},
    {"grade": "B", "min_percent": 80, "points": 3},
    {"grade": "C", "min_percent": 30, "points": 2},
    {"grade": "D", "min_percent": 0, "points": 1},
]


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (31, 18, "172.2"),  # report FY2024 §1
        (4, 5, "80.0"),  # §2
        (1261, 1306, "96.6"),  # §3
        (166, 150, "110.7"),  # §4 (the report prints 139.3)
        (241, 210, "114.8"),  # §5
        (72, 140, "51.4"),  # §6 manufacturers
        (30, 17, "176.5"),  # §6 retailers
        (78, 9, "866.7"),  # §6 all trades
        (1, 8, "12.5"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),  # half up
    ],
)
def test_percent_to_one_decimal(actual, target, expected):
    assert percent(D(actual), D(target)) == D(expected)


def test_no_percent_without_a_positive_target():
    assert percent(D(10), None) is None
    assert percent(D(10), D(0)) is None
    assert percent(None, D(5)) is None


@pytest.mark.parametrize(
    ("rate", "grade"),
    [("100.0", "A"), ("172.2", "A"), ("99.9", "B"), ("80.0", "B"), ("79.9", "C"),
     ("50.0", "C"), ("49.9", "D"), ("30.0", "D"), ("29.9", "E"), ("0.0", "E")],
)  # fmt: skip
def test_kawaguchi_bands(rate, grade):
    assert kawaguchi_scale().grade_for_percent(D(rate)) == grade


@pytest.mark.parametrize(
    ("rate", "grade"), [("100.0", "A"), ("80.0", "B"), ("79.9", "C"), ("30.0", "C"), ("29.9", "D")]
)
def test_a_to_d_bands_of_other_chambers(rate, grade):
    assert GradeScale.from_bands(A_TO_D).grade_for_percent(D(rate)) == grade


def test_composite_section_is_graded_from_grade_points():
    scale = kawaguchi_scale()
    assert composite_grade(scale, ["C", "A", "A"]) == "B"  # report FY2024 §6: 4.33 → B
    assert composite_grade(scale, ["A", "A", "A"]) == "A"
    assert composite_grade(scale, ["B", "C"]) == "B"  # 3.5 rounds half up
    assert composite_grade(scale, ["E", "D", "E"]) == "E"  # 1.33 → E
    assert composite_grade(scale, ["A", None]) == "A"  # an ungraded subsection is left out
    assert composite_grade(scale, [None]) is None
    assert composite_grade(GradeScale.from_bands(A_TO_D), ["C", "A", "A"]) == "B"  # 3.33 → 3


def test_qualitative_section_is_a_when_every_row_was_carried_out():
    scale = kawaguchi_scale()
    assert qualitative_grade(scale, 3, 0) == "A"
    assert qualitative_grade(scale, 2, 1) == "C"  # 66.7 %
    assert qualitative_grade(scale, 0, 0) is None


@pytest.mark.parametrize(
    ("bands", "fragment"),
    [
        ([{"grade": "A", "min_percent": 100, "points": 5}], "at least two"),
        (
            [{"grade": "A", "min_percent": 80, "points": 5},
             {"grade": "B", "min_percent": 80, "points": 4},
             {"grade": "C", "min_percent": 0, "points": 3}],
            "overlap",
        ),
        (
            [{"grade": "A", "min_percent": 50, "points": 5},
             {"grade": "B", "min_percent": 80, "points": 4},
             {"grade": "C", "min_percent": 0, "points": 3}],
            "overlap",
        ),
        (
            [{"grade": "A", "min_percent": 100, "points": 5},
             {"grade": "B", "min_percent": 30, "points": 4}],
            "0%",
        ),
        (
            [{"grade": "A", "min_percent": 100, "points": 3},
             {"grade": "B", "min_percent": 0, "points": 4}],
            "fewer points",
        ),
        (
            [{"grade": "A", "min_percent": 100, "points": 5},
             {"grade": "A", "min_percent": 0, "points": 4}],
            "only once",
        ),
        ([{"grade": "A", "min_percent": "many", "points": 5}], "minimum percent"),
    ],
)  # fmt: skip
def test_bad_grade_scales_are_refused(bands, fragment):
    with pytest.raises(GradeScaleError, match=fragment):
        GradeScale.from_bands(bands)
