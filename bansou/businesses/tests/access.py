"""Access decisions for the business register."""

from django.urls import reverse

from bansou.testing import BUSINESS_OBJECT, CHAMBER_OBJECT, make_business

OBJECTS = {
    "businesses:detail": BUSINESS_OBJECT,
    "businesses:edit": BUSINESS_OBJECT,
    "businesses:delete": CHAMBER_OBJECT,
}

POST_ONLY = {
    "businesses:delete",
    "businesses:saved_filters",
}

POST = {
    "businesses:delete": {},
    # Saves nothing without a name; answers with the list (a redirect).
    "businesses:saved_filters": {},
}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    pk = {"pk": business.pk}
    # A fresh business for the delete, so that one persona's success leaves the next a target.
    victim = make_business(business.organization, name="削除対象商店", name_kana="サクジョ")
    return {
        "businesses:detail": reverse("businesses:detail", kwargs=pk),
        "businesses:edit": reverse("businesses:edit", kwargs=pk),
        "businesses:delete": reverse("businesses:delete", kwargs={"pk": victim.pk}),
    }
