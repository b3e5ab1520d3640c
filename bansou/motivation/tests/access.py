"""Access decisions for motivation checks, the queue and the questionnaire."""

from datetime import date

from django.urls import reverse

from bansou.motivation import services
from bansou.testing import make_business

LOGIN = 302


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


MATRIX = {
    # Committee members see aggregates only: no checks, no queue.
    "motivation:queue": (LOGIN, 200, 403, 200, 200, 200),
    "motivation:export": (LOGIN, 200, 403, 200, 200, 200),
    "motivation:create": (LOGIN, 200, 403, 403, 200, 404),
    "motivation:detail": (LOGIN, 200, 403, 200, 200, 404),
    "motivation:edit": (LOGIN, 200, 403, 403, 200, 404),
    "motivation:delete": (LOGIN, 405, 403, 403, 405, 405),
    # The wording is method, not a business's data: every member may read it.
    "motivation:questionnaire": (LOGIN, 200, 200, 200, 200, 200),
    # Only administrators and lead advisors (法定経営指導員) change it.
    "motivation:questionnaire_edit": (LOGIN, 403, 403, 403, 200, 403),
}
POST_MATRIX = {
    # The advisor who recorded the check, or an administrator, deletes it.
    "motivation:delete": (LOGIN, 302, 403, 403, 302, 404),
    # An empty POST is re-shown with errors (200) for the writers; nothing is written.
    "motivation:create": (LOGIN, 200, 403, 403, 200, 404),
    "motivation:questionnaire_edit": (LOGIN, 403, 403, 403, 200, 403),
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
