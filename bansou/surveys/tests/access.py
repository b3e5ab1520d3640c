"""Access decisions for surveys: the case staff run them; the published report and a
personal response link are public."""

from datetime import date

from django.urls import reverse

from bansou.support.tests.factories import make_record
from bansou.surveys.definitions import create_surveys
from bansou.surveys.models import SurveyRound
from bansou.surveys.services import response_token
from bansou.testing import BUSINESS_OBJECT, CHAMBER_OBJECT

OBJECTS = {
    "surveys:detail": CHAMBER_OBJECT,
    "surveys:round": CHAMBER_OBJECT,
    "surveys:round_pdf": CHAMBER_OBJECT,
    "surveys:answer": CHAMBER_OBJECT,
    "surveys:from_support": BUSINESS_OBJECT,
    "surveys:edit": CHAMBER_OBJECT,
    "surveys:item_add": CHAMBER_OBJECT,
    "surveys:item_edit": CHAMBER_OBJECT,
    "surveys:item_delete": CHAMBER_OBJECT,
    "surveys:panel": CHAMBER_OBJECT,
    "surveys:links": CHAMBER_OBJECT,
    "surveys:links_csv": CHAMBER_OBJECT,
}
# Deleting an item is a POST (the matrix's GET gets 405); a POST per persona would delete it.
POST_ONLY = {"surveys:item_delete"}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    org = business.organization
    surveys = create_surveys(org)
    round_, _created = SurveyRound.objects.get_or_create(
        survey=surveys["sme"],
        period="2024Q2",
        defaults={
            "organization": org,
            "starts_on": date(2024, 4, 1),
            "ends_on": date(2024, 6, 30),
            "conducted_on": date(2024, 6, 20),
            "published": True,
            "published_on": date(2024, 7, 25),
        },
    )
    record = make_record(business, request.getfixturevalue("advisor_a"))
    survey = surveys["sme"]
    item = survey.items.first()
    return {
        "surveys:create": reverse("surveys:create"),
        "surveys:edit": reverse("surveys:edit", kwargs={"pk": survey.pk}),
        "surveys:item_add": reverse("surveys:item_add", kwargs={"pk": survey.pk}),
        "surveys:item_edit": reverse("surveys:item_edit", kwargs={"pk": item.pk}),
        "surveys:item_delete": reverse("surveys:item_delete", kwargs={"pk": item.pk}),
        "surveys:panel": reverse("surveys:panel", kwargs={"pk": survey.pk}) + "?q=青葉",
        "surveys:links": reverse("surveys:links", kwargs={"pk": round_.pk}),
        "surveys:links_csv": reverse("surveys:links_csv", kwargs={"pk": round_.pk}),
        "surveys:detail": reverse("surveys:detail", kwargs={"pk": round_.survey_id}),
        "surveys:round": reverse("surveys:round", kwargs={"pk": round_.pk}),
        "surveys:round_pdf": reverse("surveys:round_pdf", kwargs={"pk": round_.pk}),
        "surveys:answer": reverse("surveys:answer", kwargs={"pk": round_.pk})
        + f"?business={business.pk}",
        "surveys:from_support": reverse("surveys:from_support", kwargs={"pk": record.pk}),
        "surveys:public_list": reverse("surveys:public_list", kwargs={"org_slug": org.slug}),
        "surveys:public_report": reverse(
            "surveys:public_report", kwargs={"org_slug": org.slug, "pk": round_.pk}
        ),
        "surveys:public_pdf": reverse(
            "surveys:public_pdf", kwargs={"org_slug": org.slug, "pk": round_.pk}
        ),
        "surveys:respond": reverse(
            "surveys:respond", kwargs={"token": response_token(round_, business)}
        ),
    }
