"""Access decisions for business analyses."""

from django.urls import reverse

from .factories import make_analysis

LOGIN = 302

MATRIX = {
    "analysis:list": (LOGIN, 200, 403, 200, 200, 200),
    "analysis:export": (LOGIN, 200, 403, 200, 200, 200),
    "analysis:create": (LOGIN, 200, 403, 403, 200, 404),
    "analysis:detail": (LOGIN, 200, 403, 200, 200, 404),
    "analysis:edit": (LOGIN, 200, 403, 403, 200, 404),
    "analysis:complete": (LOGIN, 405, 403, 403, 405, 405),
    "analysis:report": (LOGIN, 200, 403, 200, 200, 404),
    "analysis:report_pdf": (LOGIN, 200, 403, 200, 200, 404),
}
POST_MATRIX = {
    "analysis:complete": (LOGIN, 302, 403, 403, 302, 404),
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
