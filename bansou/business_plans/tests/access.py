"""Access decisions for business plans."""

from datetime import date

from django.urls import reverse

from bansou.testing import BUSINESS_OBJECT

from .factories import make_analysis, make_completed_plan, make_plan

OBJECTS = {
    "business_plans:create": BUSINESS_OBJECT,
    "business_plans:detail": BUSINESS_OBJECT,
    "business_plans:edit": BUSINESS_OBJECT,
    "business_plans:complete": BUSINESS_OBJECT,
    "business_plans:approve": BUSINESS_OBJECT,
    "business_plans:delete": BUSINESS_OBJECT,
}

POST_ONLY = {
    "business_plans:complete",
    "business_plans:approve",
    "business_plans:delete",
}

POST = {
    # An empty form is refused with a message on the plan's page (a redirect).
    "business_plans:complete": {},
    "business_plans:approve": {},
    "business_plans:delete": {},
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
