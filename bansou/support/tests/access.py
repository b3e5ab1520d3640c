"""Access decisions for support records: committee members and other chambers never see them.

Experts read the records of the businesses assigned to them (assigned_business) and write none.
"""

from django.urls import reverse

from bansou.support.tests.factories import make_record
from bansou.testing import BUSINESS_OBJECT

OBJECTS = {
    "support:create": BUSINESS_OBJECT,
    "support:detail": BUSINESS_OBJECT,
    "support:edit": BUSINESS_OBJECT,
    "support:delete": BUSINESS_OBJECT,
    "support:next_action_done": BUSINESS_OBJECT,
    "support:timeline": BUSINESS_OBJECT,
}

POST_ONLY = {
    "support:delete",
    "support:next_action_done",
}

POST = {
    "support:delete": {},
    "support:next_action_done": {},
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
