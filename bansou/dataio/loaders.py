"""The one way a view loads an import job: 404 for another chamber's, 403 without the rights."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import ImportJob


def get_job_for_user(user, pk: int) -> ImportJob:
    job = get_object_or_404(
        ImportJob.objects.for_organization(user.organization_id).select_related("user"), pk=pk
    )
    if not user.can_write_records:
        raise PermissionDenied
    if job.kind_object is None:
        raise Http404("unknown import kind")  # its app was removed
    return job
