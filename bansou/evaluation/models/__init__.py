"""Models of the evaluation: the plan definition, the year's manual inputs, the grade scale."""

from .actuals import ItemYear, ManualActual, SectionYear
from .opening import OpeningFigure
from .plan import (
    NUMERIC_TARGETS,
    DevelopmentPlan,
    GradeBasis,
    ItemRole,
    ItemSource,
    PlanAmendment,
    PlanItem,
    PlanItemTarget,
    PlanSection,
    TargetKind,
)
from .settings import EvaluationSettings

__all__ = [
    "NUMERIC_TARGETS",
    "DevelopmentPlan",
    "EvaluationSettings",
    "GradeBasis",
    "ItemRole",
    "ItemSource",
    "ItemYear",
    "ManualActual",
    "OpeningFigure",
    "PlanAmendment",
    "PlanItem",
    "PlanItemTarget",
    "PlanSection",
    "SectionYear",
    "TargetKind",
]
