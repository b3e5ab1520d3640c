"""The one way a view loads an event or a participation: 404 for another chamber's, 403 without
the rights."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from bansou.core.permissions import Capability

from .models import Event, EventParticipation


def get_event_for_user(user, pk: int, *, write: bool = False) -> Event:
    event = get_object_or_404(
        Event.objects.for_organization(user.organization_id).select_related("department"), pk=pk
    )
    if not user.has_capability(Capability.EVENTS_READ) or (
        write and not user.has_capability(Capability.RECORDS_WRITE)
    ):
        raise PermissionDenied
    return event


def get_participation_for_user(user, pk: int, *, write: bool = False) -> EventParticipation:
    participation = get_object_or_404(
        EventParticipation.objects.for_organization(user.organization_id).select_related(
            "event", "business__district", "staff"
        ),
        pk=pk,
    )
    # An expert's unassigned business is not theirs to know of: 404, like another chamber's.
    if not EventParticipation.objects.for_user(user).filter(pk=participation.pk).exists():
        raise Http404
    if write and not user.can_write_records:
        raise PermissionDenied
    return participation
