"""Access decisions for the e-voucher pages: case staff read the reports, writers record the
hand-overs; a store of another chamber (or an expert's unassigned one) is not found."""

from datetime import date

from django.urls import reverse

from bansou.testing import BUSINESS_OBJECT
from bansou.vouchers import services
from bansou.vouchers.models import VoucherFeedback

from .factories import member

OBJECTS = {
    "vouchers:store": BUSINESS_OBJECT,
    "vouchers:store_pdf": BUSINESS_OBJECT,
    "vouchers:feedback_add": BUSINESS_OBJECT,
    "vouchers:feedback_delete": BUSINESS_OBJECT,
}

POST_ONLY = {"vouchers:feedback_add", "vouchers:feedback_delete"}
POST = {name: {} for name in POST_ONLY}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    staff = request.getfixturevalue("advisor_a")
    if business.pk not in services.member_store_ids(business.organization):
        member(business, staff)
    # A fresh hand-over for each persona's delete.
    feedback = services.record_feedback(
        VoucherFeedback(
            business=business,
            handed_on=date(2024, 9, 1),
            first_month=date(2024, 4, 1),
            last_month=date(2024, 8, 1),
        ),
        actor=staff,
    )
    pk = {"pk": business.pk}
    return {
        "vouchers:store": reverse("vouchers:store", kwargs=pk) + "?fy=2024",
        "vouchers:store_pdf": reverse("vouchers:store_pdf", kwargs=pk) + "?fy=2024",
        "vouchers:feedback_add": reverse("vouchers:feedback_add", kwargs=pk) + "?fy=2024",
        "vouchers:feedback_delete": reverse("vouchers:feedback_delete", kwargs={"pk": feedback.pk}),
    }
