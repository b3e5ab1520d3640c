"""The one way a view loads a plan, a row or an entry: 404 for another chamber's, 403 by role."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from bansou.core.errors import ExplainedNotFound
from bansou.core.permissions import Capability, has_capability
from bansou.lib.eras import fiscal_year_label, format_wareki

from .models import DevelopmentPlan, ManualActual, PlanItem


def may_keep_plan(user) -> bool:
    """Who keeps the plan and enters the hand-counted actuals (the table's PLAN_MANAGE)."""
    return has_capability(user, Capability.PLAN_MANAGE)


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
        raise ExplainedNotFound(
            outside_period_message(plan, fiscal_year),
            next_url=reverse("evaluation:plan_detail", args=[plan.pk]),
            next_label=_("Open the plan %(title)s") % {"title": plan.title},
        )
    return fiscal_year


def outside_period_message(plan: DevelopmentPlan, fiscal_year: int) -> str:
    """Why a fiscal year has no evaluation: the plan's period in force, and the amendment
    that shortened it when one did (the Kawaguchi plan ended a year early, FY2025)."""
    try:
        year = fiscal_year_label(fiscal_year)
    except ValueError:
        year = _("FY%(year)s") % {"year": fiscal_year}
    ends_on = plan.effective_ends_on()
    period = {"start": format_wareki(plan.starts_on), "end": format_wareki(ends_on)}
    shortening = next(
        (a for a in plan.amendments.all() if a.ends_on == ends_on and ends_on < plan.ends_on),
        None,
    )
    if shortening is not None:
        return _(
            "%(year)s is outside the plan period (the period was shortened on %(date)s; "
            "the plan runs from %(start)s to %(end)s)."
        ) % {"year": year, "date": format_wareki(shortening.amended_on), **period}
    return _("%(year)s is outside the plan period (%(start)s to %(end)s).") % {
        "year": year,
        **period,
    }


def get_item_for_user(user, plan: DevelopmentPlan, key: str) -> PlanItem:
    return get_object_or_404(
        PlanItem.objects.filter(plan=plan).select_related("department", "section"), key=key
    )


def get_entry(item: PlanItem, fiscal_year: int, pk) -> ManualActual:
    return get_object_or_404(ManualActual.objects.filter(item=item, fiscal_year=fiscal_year), pk=pk)
