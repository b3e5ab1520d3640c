"""Access decisions for business plans."""

from datetime import date

from django.urls import reverse

from .factories import make_analysis, make_completed_plan, make_plan

LOGIN = 302

MATRIX = {
    "business_plans:list": (LOGIN, 200, 403, 200, 200, 200),
    "business_plans:export": (LOGIN, 200, 403, 200, 200, 200),
    "business_plans:create": (LOGIN, 200, 403, 403, 200, 404),
    "business_plans:detail": (LOGIN, 200, 403, 200, 200, 404),
    "business_plans:edit": (LOGIN, 200, 403, 403, 200, 404),
    "business_plans:complete": (LOGIN, 405, 403, 403, 405, 405),
    "business_plans:approve": (LOGIN, 405, 403, 403, 405, 405),
    "business_plans:delete": (LOGIN, 405, 403, 403, 405, 405),
}
POST_MATRIX = {
    # An empty form is refused with a message on the plan's page (a redirect).
    "business_plans:complete": (LOGIN, 302, 403, 403, 302, 404),
    "business_plans:approve": (LOGIN, 302, 403, 403, 302, 404),
    "business_plans:delete": (LOGIN, 302, 403, 403, 302, 404),
}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    advisor = request.getfixturevalue("advisor_a")
    analysis = make_analysis(business, advisor, analysed_on=date(2024, 5, 10))
    drafting = make_plan(business, advisor, analysis=analysis)
    completed = make_completed_plan(business, advisor, analysis=analysis)
    # A fresh drafting plan for the delete, so one persona's success leaves the next a target.
    victim = make_plan(business, advisor, title="削除対象の計画")
    return {
        "business_plans:create": reverse("business_plans:create") + f"?business={business.pk}",
        "business_plans:detail": reverse("business_plans:detail", kwargs={"pk": drafting.pk}),
        "business_plans:edit": reverse("business_plans:edit", kwargs={"pk": drafting.pk}),
        "business_plans:complete": reverse("business_plans:complete", kwargs={"pk": drafting.pk}),
        "business_plans:approve": reverse("business_plans:approve", kwargs={"pk": completed.pk}),
        "business_plans:delete": reverse("business_plans:delete", kwargs={"pk": victim.pk}),
    }
