"""The one way a view loads a support record: 404 for another chamber's, 403 without the rights."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import SupportRecord


def get_record_for_user(user, pk: int, *, write: bool = False) -> SupportRecord:
    record = get_object_or_404(
        SupportRecord.objects.filter(organization=user.organization_id).select_related(
            "business", "business__district", "staff", "district"
        ),
        pk=pk,
    )
    # An expert's unassigned business is not theirs to know of: 404, like another chamber's.
    if not SupportRecord.objects.for_user(user).filter(pk=record.pk).exists():
        raise Http404
    if write and not user.can_write_records:
        raise PermissionDenied
    return record
