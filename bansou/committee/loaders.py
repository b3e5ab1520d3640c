"""The one way a view loads a meeting: 404 for another chamber's, 403 without the rights."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import CommitteeMeeting
from .permissions import can_manage_committee, can_read_committee


def get_meeting_for_user(user, pk: int, *, write: bool = False) -> CommitteeMeeting:
    meeting = get_object_or_404(
        CommitteeMeeting.objects.for_organization(user.organization_id).select_related(
            "plan", "organization", "closed_by"
        ),
        pk=pk,
    )
    if not can_read_committee(user):
        raise PermissionDenied
    if write and not can_manage_committee(user):
        raise PermissionDenied
    return meeting
