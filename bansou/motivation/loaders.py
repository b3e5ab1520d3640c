"""The one way a view loads a motivation check: 404 for another chamber's, 403 without rights."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import MotivationCheck


def get_check_for_user(user, pk: int, *, write: bool = False) -> MotivationCheck:
    check = get_object_or_404(
        MotivationCheck.objects.filter(organization=user.organization_id).select_related(
            "business", "business__district", "staff", "version"
        ),
        pk=pk,
    )
    # An expert's unassigned business is not theirs to know of: 404, like another chamber's.
    if not MotivationCheck.objects.for_user(user).filter(pk=check.pk).exists():
        raise Http404
    if write and not user.can_write_records:
        raise PermissionDenied
    return check
