"""Access decisions for business analyses."""

from django.urls import reverse

from bansou.testing import BUSINESS_OBJECT

from .factories import make_analysis

OBJECTS = {
    "analysis:create": BUSINESS_OBJECT,
    "analysis:detail": BUSINESS_OBJECT,
    "analysis:edit": BUSINESS_OBJECT,
    "analysis:complete": BUSINESS_OBJECT,
    "analysis:report": BUSINESS_OBJECT,
    "analysis:report_pdf": BUSINESS_OBJECT,
}

POST_ONLY = {
    "analysis:complete",
}

POST = {
    "analysis:complete": {},
}


def urls(request) -> dict[str, str]:
    # The expert (expert_a) is assigned to this business, so expert answers are about reading.
    business = request.getfixturevalue("assigned_business")
    staff = request.getfixturevalue("advisor_a")
    analysis = make_analysis(business, staff)
    pk = {"pk": analysis.pk}
    return {
        "analysis:create": f"{reverse('analysis:create')}?business={business.pk}",
        **{
            name: reverse(name, kwargs=pk)
            for name in (
                "analysis:detail",
                "analysis:edit",
                "analysis:complete",
                "analysis:report",
                "analysis:report_pdf",
            )
        },
    }
