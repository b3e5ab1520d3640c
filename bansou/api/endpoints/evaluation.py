"""The development plan's evaluation: rows with actual, target, rate and grade, from the same
engine as the evaluation page (evaluation.engine.evaluate), so both always agree."""

from ninja import Router

from bansou.core.permissions import Capability
from bansou.evaluation.engine.engine import evaluate
from bansou.evaluation.loaders import get_fiscal_year, get_plan_for_user
from bansou.evaluation.models import DevelopmentPlan

from ..errors import ErrorOut
from ..reading import require
from ..schemas import DevelopmentPlanOut, EvaluationOut
from ..types import FiscalYear, Id

router = Router(tags=["evaluation"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _number(value):
    return None if value is None else float(value)


@router.get("/plans", response={200: list[DevelopmentPlanOut], **ERRORS}, url_name="plans")
def list_development_plans(request):
    """The chamber's development plans (aggregates only: committee members read them too)."""
    require(request.user, Capability.EVALUATION_READ)
    return (
        DevelopmentPlan.objects.filter(organization=request.user.organization_id)
        .prefetch_related("amendments")
        .order_by("starts_on", "pk")
    )


@router.get(
    "/plans/{id}/results/{fiscal_year}",
    response={200: EvaluationOut, **ERRORS},
    url_name="evaluation",
)
def get_evaluation(request, id: Id, fiscal_year: FiscalYear):
    """One fiscal year's evaluation: every section and row as the evaluation page shows it."""
    require(request.user, Capability.EVALUATION_READ)
    plan = get_plan_for_user(request.user, id)
    get_fiscal_year(plan, fiscal_year)
    result = evaluate(plan, fiscal_year)
    sections, rows = [], []

    def walk(section, number):
        sections.append(
            {
                "number": section.number,
                "title": section.title,
                "actual": _number(section.actual),
                "target": _number(section.target),
                "rate_percent": _number(section.percent),
                "grade": section.grade,
            }
        )
        for row in section.all_rows():
            rows.append(
                {
                    "key": row.key,
                    "section": number,
                    "title": row.label or row.title,
                    "unit": row.unit,
                    "role": row.role,
                    "actual": _number(row.actual),
                    "target": _number(row.target),
                    "target_kind": row.target_kind,
                    "rate_percent": _number(row.rate_percent),
                    "grade": row.grade,
                    "counted": row.counted,
                    "reason": row.reason,
                    "actual_display": row.actual_display,
                }
            )

    for section in result.sections:
        walk(section, section.number)
    return {
        "plan_id": plan.pk,
        "fiscal_year": result.fiscal_year,
        "fiscal_year_label": result.fiscal_year_label,
        "computed_at": result.computed_at,
        "sections": sections,
        "rows": rows,
    }
