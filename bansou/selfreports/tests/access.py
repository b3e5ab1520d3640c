"""Access decisions for report links: the owner's pages are public (the token is the key),
the staff's follow the plan's rules."""

from datetime import date

from django.urls import reverse

from bansou.business_plans.tests.factories import make_analysis, make_completed_plan
from bansou.selfreports import services
from bansou.testing import BUSINESS_OBJECT

OBJECTS = {
    "selfreports:issue": BUSINESS_OBJECT,
    "selfreports:confirm": BUSINESS_OBJECT,
}

POST_ONLY = {"selfreports:issue"}

POST = {
    "selfreports:issue": {},
    # An empty form is shown again with its errors; nothing is written.
    "selfreports:confirm": {},
    "selfreports:form": {},
}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    advisor = request.getfixturevalue("advisor_a")
    analysis = make_analysis(business, advisor, analysed_on=date(2024, 5, 10))
    plan = make_completed_plan(business, advisor, analysis=analysis, completed_on=date(2024, 9, 30))
    link = services.issue_link(plan, 1, actor=advisor)
    sent = services.issue_link(plan, 2, actor=advisor)
    services.submit(sent, sales=12_000, profit=300, wants_support=True)
    return {
        "selfreports:issue": reverse("selfreports:issue", kwargs={"plan_pk": plan.pk}),
        "selfreports:confirm": reverse("selfreports:confirm", kwargs={"pk": sent.pk}),
        "selfreports:form": services.link_path(link),
        "selfreports:sent": services.link_path(sent) + "sent/",
    }
