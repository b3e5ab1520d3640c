"""Access decisions for the plan and its evaluation."""

from pathlib import Path

from django.urls import reverse

from bansou.testing import CHAMBER_OBJECT

PLAN_FILE = Path(__file__).parents[1] / "plans" / "kawaguchi-2023-2025.yaml"

OBJECTS = {
    "evaluation:plan_detail": CHAMBER_OBJECT,
    "evaluation:result": CHAMBER_OBJECT,
    "evaluation:export_definition": CHAMBER_OBJECT,
    "evaluation:drilldown": CHAMBER_OBJECT,
    "evaluation:drilldown_export": CHAMBER_OBJECT,
    "evaluation:manual_actual": CHAMBER_OBJECT,
    "evaluation:opening_figure": CHAMBER_OBJECT,
}

POST = {
    "evaluation:manual_actual": {},
    # An empty form is shown again with its errors (200); nothing is written.
    "evaluation:opening_figure": {},
    "evaluation:import_definition": {},
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
            "evaluation:manual_actual", kwargs={**year, "key": "mienaresas"}
        ),
        "evaluation:opening_figure": reverse(
            "evaluation:opening_figure", kwargs={**year, "key": "motivation-checks"}
        ),
    }
