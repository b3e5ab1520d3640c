"""Access decisions for the plan and its evaluation."""

from pathlib import Path

from django.urls import reverse

LOGIN = 302
PLAN_FILE = Path(__file__).parents[1] / "plans" / "kawaguchi-2023-2025.yaml"

MATRIX = {
    # Committee members and experts see plans and aggregates (no business records).
    "evaluation:index": (LOGIN, 200, 200, 200, 200, 200),
    "evaluation:plan_detail": (LOGIN, 200, 200, 200, 200, 404),
    "evaluation:result": (LOGIN, 200, 200, 200, 200, 404),
    "evaluation:export_definition": (LOGIN, 200, 200, 200, 200, 404),
    # The records behind a number: not for committee members (experts see their businesses).
    "evaluation:drilldown": (LOGIN, 200, 403, 200, 200, 404),
    "evaluation:drilldown_export": (LOGIN, 200, 403, 200, 200, 404),
    # Inputs and plan files: the lead advisor and administrators.
    "evaluation:manual_actual": (LOGIN, 403, 403, 403, 200, 404),
    "evaluation:opening_figure": (LOGIN, 403, 403, 403, 200, 404),
    "evaluation:import_definition": (LOGIN, 403, 403, 403, 200, 403),
}
POST_MATRIX = {
    "evaluation:manual_actual": (LOGIN, 403, 403, 403, 200, 404),
    # An empty form is shown again with its errors (200); nothing is written.
    "evaluation:opening_figure": (LOGIN, 403, 403, 403, 200, 404),
    "evaluation:import_definition": (LOGIN, 403, 403, 403, 200, 403),
}


def urls(request) -> dict[str, str]:
    from bansou.evaluation import services

    chamber = request.getfixturevalue("chamber_a")
    plan = services.import_definition(chamber, PLAN_FILE.read_text(encoding="utf-8"))
    year = {"pk": plan.pk, "fiscal_year": 2024}
    return {
        "evaluation:plan_detail": reverse("evaluation:plan_detail", kwargs={"pk": plan.pk}),
        "evaluation:export_definition": reverse(
            "evaluation:export_definition", kwargs={"pk": plan.pk}
        ),
        "evaluation:result": reverse("evaluation:result", kwargs=year),
        "evaluation:drilldown": reverse(
            "evaluation:drilldown", kwargs={**year, "key": "motivation-checks"}
        ),
        "evaluation:drilldown_export": reverse(
            "evaluation:drilldown_export", kwargs={**year, "key": "motivation-checks"}
        ),
        "evaluation:manual_actual": reverse(
            "evaluation:manual_actual", kwargs={**year, "key": "lobo-survey"}
        ),
        "evaluation:opening_figure": reverse(
            "evaluation:opening_figure", kwargs={**year, "key": "motivation-checks"}
        ),
    }
