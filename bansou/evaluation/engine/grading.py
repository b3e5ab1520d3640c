"""Rates and grades (DOMAIN §2): pure functions, no database.

- rate = Σ actual / Σ target, shown in percent to one decimal (half up, as the report prints);
  the grade is read from the shown percent, so "80.0% → B" never disagrees with itself;
- a composite section is graded from the mean of its subsections' grade points, rounded to the
  nearest grade (half up: C, A, A = 4.33 → B; B, C = 3.5 → B);
- a qualitative section is graded from the share of its rows carried out (all → the top grade).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)


class GradeScaleError(ValueError):
    """Bands that overlap, leave a gap or are not in descending order.

    `band` is the 0-based position of the band the message is about, when there is one.
    """

    def __init__(self, message: str, band: int | None = None):
        super().__init__(message)
        self.band = band


@dataclass(frozen=True)
class GradeBand:
    grade: str
    min_percent: Decimal
    points: int

    def to_dict(self) -> dict:
        return {"grade": self.grade, "min_percent": self.min_percent, "points": self.points}


@dataclass(frozen=True)
class GradeScale:
    """Bands from the best grade down; a rate gets the first band whose minimum it reaches."""

    bands: tuple[GradeBand, ...]

    @classmethod
    def from_bands(cls, bands: Iterable[dict]) -> GradeScale:
        """Validated: at least two bands, descending minimums and points, the last from 0 %."""
        parsed = []
        try:
            for index, band in enumerate(bands, start=1):
                grade = str(band["grade"]).strip()
                min_percent = Decimal(str(band["min_percent"]))
                points = band["points"]
                if not grade or isinstance(points, bool) or not isinstance(points, int):
                    raise GradeScaleError(
                        _("Band %(n)s needs a grade name and whole-number points.") % {"n": index},
                        index - 1,
                    )
                parsed.append(GradeBand(grade, min_percent, points))
        except (KeyError, TypeError, InvalidOperation):
            raise GradeScaleError(
                _("Each band needs a grade, a minimum percent and points.")
            ) from None
        return cls(tuple(parsed)).validated()

    def validated(self) -> GradeScale:
        bands = self.bands
        if len(bands) < 2:
            raise GradeScaleError(_("A grade scale needs at least two bands."))
        if len({b.grade for b in bands}) != len(bands):
            raise GradeScaleError(_("Each grade may appear only once."))
        for position, (upper, lower) in enumerate(zip(bands, bands[1:], strict=False), start=1):
            if lower.min_percent >= upper.min_percent:
                raise GradeScaleError(
                    _(
                        "Bands %(upper)s (from %(upper_min)s%%) and %(lower)s (from "
                        "%(lower_min)s%%) overlap: list the bands from the highest minimum down."
                    )
                    % {
                        "upper": upper.grade,
                        "upper_min": upper.min_percent,
                        "lower": lower.grade,
                        "lower_min": lower.min_percent,
                    },
                    position,
                )
            if lower.points >= upper.points:
                raise GradeScaleError(
                    _("Grade %(lower)s must have fewer points than %(upper)s.")
                    % {"lower": lower.grade, "upper": upper.grade},
                    position,
                )
        if bands[-1].min_percent != 0:
            raise GradeScaleError(
                _("The lowest band %(grade)s must start at 0%% so that every rate has a grade.")
                % {"grade": bands[-1].grade},
                len(bands) - 1,
            )
        if bands[-1].points < 1:
            raise GradeScaleError(_("Points must be 1 or more."))
        return self

    def to_list(self) -> list[dict]:
        return [band.to_dict() for band in self.bands]

    def to_json(self) -> list[dict]:
        """For EvaluationSettings.grade_bands: percents as text, so no precision is lost."""
        return [
            {"grade": b.grade, "min_percent": _plain_decimal(b.min_percent), "points": b.points}
            for b in self.bands
        ]

    def grade_for_percent(self, percent: Decimal | None) -> str | None:
        if percent is None:
            return None
        for band in self.bands:
            if percent >= band.min_percent:
                return band.grade
        return self.bands[-1].grade  # negative rates cannot happen; grade them lowest

    def points(self, grade: str) -> int:
        for band in self.bands:
            if band.grade == grade:
                return band.points
        raise KeyError(grade)

    def grade_for_points(self, mean_points: Decimal) -> str:
        """The grade whose points are nearest to `mean_points` (half up to the better grade)."""
        rounded = int(mean_points.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        best = min(self.bands, key=lambda b: (abs(b.points - rounded), -b.points))
        return best.grade

    def top_grade(self) -> str:
        return self.bands[0].grade


def _plain_decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


def percent(actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """actual / target in percent to one decimal; None when there is no positive target."""
    if actual is None or target is None or target <= 0:
        return None
    return (Decimal(actual) * HUNDRED / Decimal(target)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def composite_grade(scale: GradeScale, grades: Iterable[str | None]) -> str | None:
    """DOMAIN §2: a section of subsections gets the mean of their grade points, rounded."""
    points = [scale.points(g) for g in grades if g is not None]
    if not points:
        return None
    return scale.grade_for_points(Decimal(sum(points)) / Decimal(len(points)))


def qualitative_grade(scale: GradeScale, carried_out: int, not_carried_out: int) -> str | None:
    """DOMAIN §2: A when every row was carried out; otherwise graded on the share carried out."""
    rows = carried_out + not_carried_out
    if rows == 0:
        return None
    return scale.grade_for_percent(percent(Decimal(carried_out), Decimal(rows)))


def kawaguchi_scale() -> GradeScale:
    from ..models.settings import default_grade_bands

    return GradeScale.from_bands(default_grade_bands())
