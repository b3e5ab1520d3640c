"""The one way a view loads a programme, a participation or an outcome: 404 for another
chamber's (or, for an expert, an unassigned business's), 403 without the rights."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from bansou.core.permissions import Capability

from .models import Participation, Programme


def get_programme_for_user(user, pk: int, *, manage: bool = False) -> Programme:
    programme = get_object_or_404(
        Programme.objects.for_organization(user.organization_id).select_related("department"),
        pk=pk,
    )
    if not user.has_capability(Capability.PROGRAMMES_READ) or (
        manage and not user.has_capability(Capability.PROGRAMMES_MANAGE)
    ):
        raise PermissionDenied
    return programme


def get_record_for_user(model, user, pk: int, *, write: bool = False, related=()):
    records = model.objects.for_organization(user.organization_id)
    record = get_object_or_404(records.select_related(*related) if related else records, pk=pk)
    if not model.objects.for_user(user).filter(pk=record.pk).exists():
        raise Http404
    if write and not user.can_write_records:
        raise PermissionDenied
    return record


def get_participation_for_user(user, pk: int, *, write: bool = False) -> Participation:
    return get_record_for_user(
        Participation,
        user,
        pk,
        write=write,
        related=("programme__department", "business__district", "staff"),
    )
