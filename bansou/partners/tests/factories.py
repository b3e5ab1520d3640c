"""Builders of Team KawaBiz rows for tests (and the access matrix)."""

from datetime import date

from bansou.partners import services
from bansou.partners.models import DispatchCase, DispatchProgramme, Expert, Partner, Referral


def programmes(organization) -> dict[str, DispatchProgramme]:
    return {p.code: p for p in services.ensure_programmes(organization)}


def make_partner(organization, name="川口信用金庫", kind="financial") -> Partner:
    partner, _created = Partner.objects.get_or_create(
        organization=organization, name=name, defaults={"kind": kind}
    )
    return partner


def make_expert(organization, name="高倉 徹", user=None, specialty="sme_consultant") -> Expert:
    return Expert.objects.create(
        organization=organization, name=name, specialty=specialty, user=user
    )


def make_referral(business, staff, partner, referred_on=date(2024, 5, 10)) -> Referral:
    referral = Referral(
        business=business,
        staff=staff,
        partner=partner,
        need="販路開拓の相談",
        referred_on=referred_on,
    )
    return services.receive_referral(referral, actor=staff)


def make_case(
    business, staff, *, expert=None, programme="genki", opened_on=date(2024, 5, 20), partner=None
) -> DispatchCase:
    organization = business.organization
    partner = partner or make_partner(organization)
    referral = make_referral(business, staff, partner)
    case = DispatchCase(
        opened_on=opened_on,
        coordinator=staff,
        staff=staff,
        expert=expert,
        programme=programmes(organization)[programme] if programme else None,
        need=referral.need,
        business=business,
    )
    return services.accept_referral(referral, case, actor=staff)
