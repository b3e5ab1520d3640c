"""The one way a staff view loads a report link: 404 for another chamber's or an expert's
unassigned business, 403 without the rights (the plan's rules)."""

from django.shortcuts import get_object_or_404

from bansou.business_plans.loaders import get_plan_for_user

from .models import ReportLink


def get_link_for_user(user, pk: int, *, write: bool = False) -> ReportLink:
    link = get_object_or_404(ReportLink.objects.for_organization(user.organization_id), pk=pk)
    link.plan = get_plan_for_user(user, link.plan_id, write=write)
    return link
