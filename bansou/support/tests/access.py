"""Access decisions for support records: committee members and other chambers never see them.

Experts read the records of the businesses assigned to them (assigned_business) and write none.
"""

from django.urls import reverse

from bansou.support.tests.factories import make_record

LOGIN = 302

MATRIX = {
    "support:list": (LOGIN, 200, 403, 200, 200, 200),
    "support:export": (LOGIN, 200, 403, 200, 200, 200),
    "support:search": (LOGIN, 200, 403, 200, 200, 200),
    "support:search_export": (LOGIN, 200, 403, 200, 200, 200),
    "support:create": (LOGIN, 200, 403, 403, 200, 404),
    "support:business_options": (LOGIN, 200, 403, 403, 200, 200),
    "support:detail": (LOGIN, 200, 403, 200, 200, 404),
    "support:edit": (LOGIN, 200, 403, 403, 200, 404),
    "support:delete": (LOGIN, 405, 403, 403, 405, 405),
    "support:next_action_done": (LOGIN, 405, 403, 403, 405, 405),
    "support:timeline": (LOGIN, 200, 403, 200, 200, 404),
}
POST_MATRIX = {
    "support:delete": (LOGIN, 302, 403, 403, 302, 404),
    "support:next_action_done": (LOGIN, 302, 403, 403, 302, 404),
}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    advisor = request.getfixturevalue("advisor_a")
    # A fresh record per call, so that one persona's delete leaves the next a target.
    record = make_record(business, advisor, next_action="決算書を受け取る")
    pk = {"pk": record.pk}
    return {
        # ?business= of chamber A: chamber B's advisor gets 404, like any other object.
        "support:create": reverse("support:create") + f"?business={business.pk}",
        "support:detail": reverse("support:detail", kwargs=pk),
        "support:edit": reverse("support:edit", kwargs=pk),
        "support:delete": reverse("support:delete", kwargs=pk),
        "support:next_action_done": reverse("support:next_action_done", kwargs=pk),
        "support:timeline": reverse("support:timeline", kwargs={"business_pk": business.pk}),
        "support:search": reverse("support:search") + "?q=資金繰り",
        "support:business_options": reverse("support:business_options") + "?q=アオバ",
    }
