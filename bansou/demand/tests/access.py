"""Access decisions for demand surveys: the case staff run them; the public form at
/q/<code>/ is open to anyone (a draft survey's code is 404 for everyone)."""

from django.urls import reverse

from bansou.demand.models import DemandSurvey
from bansou.testing import CHAMBER_OBJECT

OBJECTS = {
    name: CHAMBER_OBJECT
    for name in (
        "demand:create", "demand:detail", "demand:edit", "demand:status", "demand:question_add",
        "demand:question_edit", "demand:question_delete", "demand:enter", "demand:results",
        "demand:feedback", "demand:feedback_pdf", "demand:sheet_pdf", "demand:analysis_file",
    )
}  # fmt: skip
POST_ONLY = {"demand:status", "demand:question_delete"}
# The survey has no analysis file: the page's answer to those who may open it is 404 (it
# still shows the decision: 403 and the sign-in for the others).
GET = {
    "demand:analysis_file": {
        p: 404 for p in ("advisor_a", "lead_advisor_a", "coordinator_a", "staff_a", "admin_a")
    },
}


def _survey(request) -> DemandSurvey:
    from bansou.demand.tests.conftest import make_survey

    business = request.getfixturevalue("assigned_business")
    existing = DemandSurvey.objects.filter(business=business).first()
    return existing or make_survey(business, request.getfixturevalue("advisor_a"))


def urls(request) -> dict[str, str]:
    survey = _survey(request)
    question = survey.questions.order_by("-position").first()
    by_pk = {
        name: reverse(name, kwargs={"pk": survey.pk})
        for name in (
            "demand:detail", "demand:edit", "demand:status", "demand:question_add",
            "demand:enter", "demand:results", "demand:feedback", "demand:feedback_pdf",
            "demand:sheet_pdf", "demand:analysis_file",
        )
    }  # fmt: skip
    return {
        **by_pk,
        "demand:question_edit": reverse("demand:question_edit", kwargs={"pk": question.pk}),
        "demand:question_delete": reverse("demand:question_delete", kwargs={"pk": question.pk}),
        "demand:create": reverse("demand:create") + f"?business={survey.business_id}",
        "demand:public_form": reverse("demand:public_form", kwargs={"code": survey.short_code}),
    }
