"""Access decisions for the business register."""

from django.urls import reverse

from bansou.testing import make_business

LOGIN = 302

MATRIX = {
    "businesses:list": (LOGIN, 200, 403, 200, 200, 200),
    "businesses:export": (LOGIN, 200, 403, 200, 200, 200),
    "businesses:create": (LOGIN, 200, 403, 403, 200, 200),
    "businesses:detail": (LOGIN, 200, 403, 200, 200, 404),
    "businesses:edit": (LOGIN, 200, 403, 403, 200, 404),
    "businesses:delete": (LOGIN, 405, 403, 403, 405, 405),
}
POST_MATRIX = {
    # Only administrators delete; the expert's own assigned business stays 403.
    "businesses:delete": (LOGIN, 403, 403, 403, 302, 404),
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
