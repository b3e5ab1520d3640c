"""The one way a view loads a follow-up report: 404 for another chamber's, 403 without rights."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import FollowUpReport


def get_report_for_user(user, pk: int, *, write: bool = False) -> FollowUpReport:
    report = get_object_or_404(
        FollowUpReport.objects.for_organization(user.organization_id).select_related(
            "plan", "business", "staff"
        ),
        pk=pk,
    )
    # An expert's unassigned business is not theirs to know of: 404, like another chamber's.
    if not FollowUpReport.objects.for_user(user).filter(pk=report.pk).exists():
        raise Http404
    if write and not user.can_write_records:
        raise PermissionDenied
    return report
