"""Operations on the business register; each writes its audit entry in the same transaction."""

from django.db import transaction
from django.db.models import Q

from bansou.audit.services import diff, log_action, snapshot
from bansou.lib.text import normalise_name, phone_digits

from .models import Business

AUDITED_FIELDS = (
    "name",
    "name_kana",
    "corporate_number",
    "representative",
    "postal_code",
    "address",
    "phone",
    "district",
    "industry",
    "industry_major_group",
    "capital",
    "employees",
    "founded_on",
    "is_member",
    "small_override",
    "small_override_reason",
    "is_small",
)


def find_duplicates(
    organization_id: int, *, corporate_number: str, name: str, phone: str, exclude_pk=None
):
    """Businesses that look like the same one: same 法人番号, or same normalised name and phone."""
    conditions = Q()
    if corporate_number:
        conditions |= Q(corporate_number=corporate_number)
    digits = phone_digits(phone) if phone else ""
    if name and digits:
        conditions |= Q(name_normalised=normalise_name(name), phone_digits=digits)
    if not conditions:
        return Business.objects.none()
    qs = Business.objects.for_organization(organization_id).filter(conditions)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("district").order_by("name_kana", "pk")


@transaction.atomic
def create_business(business: Business, *, actor) -> Business:
    business.save()
    changes = diff(business, {}, snapshot(business, AUDITED_FIELDS))
    log_action(business, "businesses.business.created", actor, changes)
    return business


@transaction.atomic
def update_business(business: Business, *, actor) -> Business:
    stored = Business.objects.select_related("district").get(
        organization=business.organization_id, pk=business.pk
    )
    before = snapshot(stored, AUDITED_FIELDS)
    business.save()
    changes = diff(business, before, snapshot(business, AUDITED_FIELDS))
    if changes:
        log_action(business, "businesses.business.updated", actor, changes)
    return business


@transaction.atomic
def delete_business(business: Business, *, actor) -> None:
    before = snapshot(business, AUDITED_FIELDS)
    log_action(business, "businesses.business.deleted", actor, diff(business, before, {}))
    business.delete()
