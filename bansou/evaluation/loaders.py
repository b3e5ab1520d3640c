"""The one way a view loads a plan, a row or an entry: 404 for another chamber's, 403 by role."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from bansou.accounts.models import Role

from .models import DevelopmentPlan, ManualActual, PlanItem

# Who keeps the plan and enters the hand-counted actuals (plan §9: the lead advisor manages
# the monthly progress; administrators maintain the chamber's settings).
PLAN_KEEPERS = frozenset({Role.LEAD_ADVISOR, Role.ADMIN})


def may_keep_plan(user) -> bool:
    return user.organization_id is not None and user.role in PLAN_KEEPERS


def get_plan_for_user(user, pk: int, *, keep: bool = False) -> DevelopmentPlan:
    plan = get_object_or_404(
        DevelopmentPlan.objects.filter(organization=user.organization_id)
        .select_related("organization")
        .prefetch_related("amendments"),
        pk=pk,
    )
    if keep and not may_keep_plan(user):
        raise PermissionDenied
    return plan


def get_fiscal_year(plan: DevelopmentPlan, fiscal_year: int) -> int:
    if fiscal_year not in plan.fiscal_years():
        raise Http404
    return fiscal_year


def get_item_for_user(user, plan: DevelopmentPlan, key: str) -> PlanItem:
    return get_object_or_404(
        PlanItem.objects.filter(plan=plan).select_related("department", "section"), key=key
    )


def get_entry(item: PlanItem, fiscal_year: int, pk) -> ManualActual:
    return get_object_or_404(ManualActual.objects.filter(item=item, fiscal_year=fiscal_year), pk=pk)
