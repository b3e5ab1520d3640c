"""Access decisions for motivation checks, the queue and the questionnaire."""

from datetime import date

from django.urls import reverse

from bansou.motivation import services
from bansou.testing import BUSINESS_OBJECT, make_business


def _check(business, staff):
    version = services.current_version(business.organization)
    return services.record_check(
        business=business,
        staff=staff,
        version=version,
        checked_on=date(2024, 6, 3),
        points_by_item={item.pk: 2 for item in version.items.all()},
        actor=staff,
    )


OBJECTS = {
    "motivation:create": BUSINESS_OBJECT,
    "motivation:detail": BUSINESS_OBJECT,
    "motivation:edit": BUSINESS_OBJECT,
    "motivation:delete": BUSINESS_OBJECT,
}

POST_ONLY = {
    "motivation:delete",
}

POST = {
    # The advisor who recorded the check (advisor_a), or an administrator, deletes it.
    "motivation:delete": {"lead_advisor_a": 403, "coordinator_a": 403, "staff_a": 403},
    # An empty POST is re-shown with errors (200) for the writers; nothing is written.
    "motivation:create": {},
    "motivation:questionnaire_edit": {},
}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    advisor = request.getfixturevalue("advisor_a")
    check = _check(business, advisor)
    # A fresh check for the delete, so that one persona's success leaves the next a target.
    victim = _check(make_business(business.organization, name="削除対象商店"), advisor)
    return {
        "motivation:create": reverse("motivation:create") + f"?business={business.pk}",
        "motivation:detail": reverse("motivation:detail", kwargs={"pk": check.pk}),
        "motivation:edit": reverse("motivation:edit", kwargs={"pk": check.pk}),
        "motivation:delete": reverse("motivation:delete", kwargs={"pk": victim.pk}),
    }
