"""The evaluation engine: rules over records, grades, the monthly progress table."""

from .drilldown import drilldown
from .engine import evaluate
from .grading import GradeScale, GradeScaleError
from .progress import monthly_progress
from .structure import get_plan

__all__ = [
    "GradeScale",
    "GradeScaleError",
    "drilldown",
    "evaluate",
    "get_plan",
    "monthly_progress",
]
