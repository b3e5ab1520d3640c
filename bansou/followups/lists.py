"""The follow-up lists as queryset filters over plans, and their counts in one query each."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from bansou.business_plans.models import BusinessPlan

from . import rules
from .forms import Tab
from .rules import FollowUpGroup

# The lists show the plan whose contact is due first at the top.
ROW_ORDER = ("follow_up_due", "pk")


def followed_plans(user) -> QuerySet:
    return BusinessPlan.objects.for_user(user).followed()


def tab_conditions(today: date) -> dict[str, Q]:
    _monday, sunday = rules.week_bounds(today)
    return {
        Tab.THIS_WEEK: Q(follow_up_due__gte=today, follow_up_due__lte=sunday),
        Tab.OVERDUE: Q(follow_up_due__lt=today),
        # No report for more than six months since the last one (or the completion).
        Tab.MISSING: Q(next_report_due__lt=today),
    }


def apply_tab(plans: QuerySet, tab: str, today: date) -> QuerySet:
    condition = tab_conditions(today).get(tab)
    return plans.filter(condition) if condition is not None else plans


def counts(plans: QuerySet, today: date) -> dict[str, int]:
    """Plans per list and per group: one query with conditional counts."""
    conditions = tab_conditions(today)
    return plans.aggregate(
        total=Count("pk"),
        week=Count("pk", filter=conditions[Tab.THIS_WEEK]),
        overdue=Count("pk", filter=conditions[Tab.OVERDUE]),
        missing=Count("pk", filter=conditions[Tab.MISSING]),
        **{
            f"group_{g.value}": Count("pk", filter=Q(follow_up_group=g.value))
            for g in FollowUpGroup
        },
        no_group=Count("pk", filter=Q(follow_up_group=None)),
    )


def by_advisor(plans: QuerySet, today: date) -> list[dict]:
    """One row per staff member in charge: one GROUP BY query."""
    conditions = tab_conditions(today)
    return list(
        plans.values("staff", "staff__display_name", "staff__username")
        .annotate(
            total=Count("pk"),
            week=Count("pk", filter=conditions[Tab.THIS_WEEK]),
            overdue=Count("pk", filter=conditions[Tab.OVERDUE]),
            missing=Count("pk", filter=conditions[Tab.MISSING]),
            **{
                f"group_{g.value}": Count("pk", filter=Q(follow_up_group=g.value))
                for g in FollowUpGroup
            },
        )
        .order_by("staff__display_name", "staff__username", "staff")
    )
