"""The one way a view loads a business: 404 for another chamber's, 403 without the rights."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Business


def get_business_for_user(user, pk: int, *, write: bool = False) -> Business:
    business = get_object_or_404(
        Business.objects.for_organization(user.organization_id).select_related("district"),
        pk=pk,
    )
    # An expert's unassigned business is not theirs to know of: 404, like another chamber's.
    if not Business.objects.for_user(user).filter(pk=business.pk).exists():
        raise Http404
    if write and not user.can_write_records:
        raise PermissionDenied
    return business
