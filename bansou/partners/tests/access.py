"""Access decisions for Team KawaBiz: staff read, coordinators manage, experts see their cases.

Cases and visits are records of business_a (BUSINESS_OBJECT): the case's expert is linked to
expert_a's account, so expert_a reads them and other_expert_a gets 404.
"""

from datetime import date

from django.urls import reverse

from bansou.partners.models import DispatchCase, DispatchVisit, Expert, Partner
from bansou.partners.services import book_visit
from bansou.testing import BUSINESS_OBJECT, CHAMBER_OBJECT

from .factories import make_case, make_expert, make_partner, make_referral, programmes

OBJECTS = {
    "partners:partner_detail": CHAMBER_OBJECT,
    "partners:partner_edit": CHAMBER_OBJECT,
    "partners:contact_add": CHAMBER_OBJECT,
    "partners:expert_edit": CHAMBER_OBJECT,
    "partners:programme_edit": CHAMBER_OBJECT,
    "partners:referral_detail": BUSINESS_OBJECT,
    "partners:referral_accept": BUSINESS_OBJECT,
    "partners:referral_decline": BUSINESS_OBJECT,
    "partners:case_detail": BUSINESS_OBJECT,
    "partners:case_edit": BUSINESS_OBJECT,
    "partners:case_close": BUSINESS_OBJECT,
    "partners:visit_book": BUSINESS_OBJECT,
    "partners:visit_edit": BUSINESS_OBJECT,
    "partners:visit_file": BUSINESS_OBJECT,
    "partners:visit_cancel": BUSINESS_OBJECT,
}

POST_ONLY = {"partners:visit_cancel"}
POST = {"partners:visit_cancel": {}}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    staff = request.getfixturevalue("coordinator_a")
    expert_user = request.getfixturevalue("expert_a")
    org = business.organization
    partner = make_partner(org)
    expert = Expert.objects.filter(organization=org, user=expert_user).first() or make_expert(
        org, user=expert_user
    )
    case = DispatchCase.objects.filter(organization=org, programme__code="genki").first()
    if case is None:
        case = make_case(business, staff, expert=expert)
        visit = book_visit(
            case, visited_on=date(2024, 6, 1), staff=staff, pre_hearing=True, actor=staff
        )
        visit.report_file, visit.report_file_name = b"report", "report.txt"
        visit.report_file_type = "text/plain"
        visit.save()
    visit = DispatchVisit.objects.filter(case=case).first()
    referral = make_referral(business, staff, partner)  # a fresh request for each persona
    # A fresh booking to cancel for each persona (an uncapped menu, so that they never run out).
    spare = make_case(business, staff, expert=expert, programme="factory")
    booked = book_visit(spare, visited_on=date(2024, 6, 2), staff=staff, actor=staff)
    return {
        "partners:partner_detail": reverse("partners:partner_detail", args=[partner.pk]),
        "partners:partner_edit": reverse("partners:partner_edit", args=[partner.pk]),
        "partners:contact_add": reverse("partners:contact_add", args=[partner.pk]),
        "partners:expert_edit": reverse("partners:expert_edit", args=[expert.pk]),
        "partners:programme_edit": reverse(
            "partners:programme_edit", args=[programmes(org)["genki"].pk]
        ),
        "partners:referral_detail": reverse("partners:referral_detail", args=[referral.pk]),
        "partners:referral_accept": reverse("partners:referral_accept", args=[referral.pk]),
        "partners:referral_decline": reverse("partners:referral_decline", args=[referral.pk]),
        "partners:case_detail": reverse("partners:case_detail", args=[case.pk]),
        "partners:case_edit": reverse("partners:case_edit", args=[case.pk]),
        "partners:case_close": reverse("partners:case_close", args=[case.pk]),
        "partners:visit_book": reverse("partners:visit_book", args=[case.pk]),
        "partners:visit_edit": reverse("partners:visit_edit", args=[visit.pk]),
        "partners:visit_file": reverse("partners:visit_file", args=[visit.pk]),
        "partners:visit_cancel": reverse("partners:visit_cancel", args=[booked.pk]),
    }


__all__ = ["OBJECTS", "Partner", "urls"]
