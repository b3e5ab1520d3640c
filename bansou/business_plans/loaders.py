"""The one way a view loads a plan: 404 for another chamber's, 403 without the rights."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import BusinessPlan


def get_plan_for_user(user, pk: int, *, write: bool = False) -> BusinessPlan:
    plan = get_object_or_404(
        BusinessPlan.objects.for_organization(user.organization_id).select_related(
            "business__district", "staff", "analysis"
        ),
        pk=pk,
    )
    # An expert's unassigned business is not theirs to know of: 404, like another chamber's.
    if not BusinessPlan.objects.for_user(user).filter(pk=plan.pk).exists():
        raise Http404
    if write and not user.can_write_records:
        raise PermissionDenied
    return plan
