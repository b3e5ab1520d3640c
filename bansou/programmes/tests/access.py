"""Access decisions for programmes: staff read, writers record, plan keepers set up."""

from datetime import date

from django.urls import reverse

from bansou.programmes.models import Deal, NewTradingPartner, Participation, Programme
from bansou.testing import BUSINESS_OBJECT, CHAMBER_OBJECT

OBJECTS = {
    "programmes:detail": CHAMBER_OBJECT,
    "programmes:edit": CHAMBER_OBJECT,
    "programmes:participation_add": CHAMBER_OBJECT,
    "programmes:participation": BUSINESS_OBJECT,
    "programmes:participation_edit": BUSINESS_OBJECT,
    "programmes:participation_delete": BUSINESS_OBJECT,
    "programmes:deal_add": BUSINESS_OBJECT,
    "programmes:partner_add": BUSINESS_OBJECT,
    "programmes:deal_delete": BUSINESS_OBJECT,
    "programmes:partner_delete": BUSINESS_OBJECT,
    "programmes:sales": BUSINESS_OBJECT,
}

POST_ONLY = {
    "programmes:participation_delete",
    "programmes:deal_delete",
    "programmes:partner_delete",
}

POST = {name: {} for name in POST_ONLY}


def _participation(programme, business, staff) -> Participation:
    participation = Participation(
        programme=programme, business=business, staff=staff, started_on=date(2024, 6, 1)
    )
    participation.capture_business_facts()
    participation.save()
    return participation


def _outcome(model, participation, **fields):
    outcome = model(
        participation=participation,
        programme=participation.programme,
        business=participation.business,
        staff=participation.staff,
        **fields,
    )
    outcome.capture_business_facts()
    outcome.save()
    return outcome


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    staff = request.getfixturevalue("advisor_a")
    org = business.organization
    programme, _created = Programme.objects.get_or_create(
        organization=org,
        code="store-diagnosis",
        defaults={"name": "店舗診断", "kind": "store_diagnosis", "first_fiscal_year": 2023},
    )
    participation = Participation.objects.filter(programme=programme, business=business).first()
    participation = participation or _participation(programme, business, staff)
    # Fresh targets for the deletes, so that one persona's success leaves the next a target.
    victim = _participation(programme, business, staff)
    deal = _outcome(Deal, participation, counterparty="A社", closed_on=date(2024, 7, 1))
    partner = _outcome(NewTradingPartner, participation, name="B社", started_on=date(2024, 7, 1))
    pk = {"pk": programme.pk}
    part = {"pk": participation.pk}
    return {
        "programmes:detail": reverse("programmes:detail", kwargs=pk),
        "programmes:edit": reverse("programmes:edit", kwargs=pk),
        "programmes:participation_add": reverse("programmes:participation_add", kwargs=pk),
        "programmes:participation": reverse("programmes:participation", kwargs=part),
        "programmes:participation_edit": reverse("programmes:participation_edit", kwargs=part),
        "programmes:participation_delete": reverse(
            "programmes:participation_delete", kwargs={"pk": victim.pk}
        ),
        "programmes:deal_add": reverse("programmes:deal_add", kwargs=part),
        "programmes:partner_add": reverse("programmes:partner_add", kwargs=part),
        "programmes:deal_delete": reverse("programmes:deal_delete", kwargs={"pk": deal.pk}),
        "programmes:partner_delete": reverse(
            "programmes:partner_delete", kwargs={"pk": partner.pk}
        ),
        "programmes:sales": reverse("programmes:sales", kwargs={"business": business.pk}),
    }
