"""Access decisions for the follow-up screens."""

from datetime import date

from django.urls import reverse

from bansou.business_plans.tests.factories import make_analysis, make_completed_plan
from bansou.followups import services
from bansou.testing import BUSINESS_OBJECT

OBJECTS = {
    "followups:report_create": BUSINESS_OBJECT,
    "followups:contact_create": BUSINESS_OBJECT,
    "followups:reminder": BUSINESS_OBJECT,
    "followups:report_detail": BUSINESS_OBJECT,
    "followups:report_edit": BUSINESS_OBJECT,
}

POST = {
    # An empty form is shown again with its errors; nothing is written.
    "followups:report_create": {},
    "followups:contact_create": {},
    "followups:report_edit": {},
}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    advisor = request.getfixturevalue("advisor_a")
    analysis = make_analysis(business, advisor, analysed_on=date(2024, 5, 10))
    plan = make_completed_plan(business, advisor, analysis=analysis, completed_on=date(2024, 9, 30))
    report = services.record_report(
        plan,
        reported_on=date(2025, 3, 31),
        sales=10_500,
        profit=450,
        wants_support=True,
        period_fiscal_year=2024,
        actor=advisor,
    )
    by_plan = {"plan_pk": plan.pk}
    return {
        "followups:report_create": reverse("followups:report_create", kwargs=by_plan),
        "followups:contact_create": reverse("followups:contact_create", kwargs=by_plan),
        "followups:reminder": reverse("followups:reminder", kwargs=by_plan),
        "followups:report_detail": reverse("followups:report_detail", kwargs={"pk": report.pk}),
        "followups:report_edit": reverse("followups:report_edit", kwargs={"pk": report.pk}),
    }
