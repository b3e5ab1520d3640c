"""The one way a view loads a need, a vendor or a proposal: another chamber's is a 404, and a
vendor reaches only what was sent to it (a need not sent to it is a 404, like another's)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from bansou.core.errors import ExplainedNotFound

from .models import DxNeed, DxProposal, Vendor, VendorAccount


def get_vendor(user, pk: int) -> Vendor:
    return get_object_or_404(Vendor.objects.for_organization(user.organization_id), pk=pk)


def get_need(user, pk: int) -> DxNeed:
    return get_object_or_404(
        DxNeed.objects.for_organization(user.organization_id).select_related(
            "business__district", "staff", "analysis", "chosen_proposal__vendor"
        ),
        pk=pk,
    )


def vendor_of(user) -> Vendor:
    """The vendor a vendor-role user acts for; a page explains when the account has none."""
    account = (
        VendorAccount.objects.filter(organization=user.organization_id, user=user)
        .select_related("vendor")
        .first()
    )
    if account is None:
        raise ExplainedNotFound(
            _("Your account is not linked to a vendor yet. Ask the chamber to link it.")
        )
    return account.vendor


def get_need_for_vendor(vendor: Vendor, pk: int) -> DxNeed:
    return get_object_or_404(
        DxNeed.objects.sent_to(vendor).select_related("business", "chosen_proposal"), pk=pk
    )


def get_proposal(user, pk: int) -> DxProposal:
    return get_object_or_404(
        DxProposal.objects.for_organization(user.organization_id).select_related("need", "vendor"),
        pk=pk,
    )
