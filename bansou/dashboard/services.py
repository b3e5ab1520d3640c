"""The advisor's day: each section of the start page is one query (or a fixed few).

The page's query count must not grow with the data (STYLE: no query per row), so every
section is a single filtered, ordered, sliced query; "overdue" is annotated in SQL.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q

from bansou.business_plans.choices import FOLLOWED_STATUSES, PlanKind
from bansou.business_plans.models import BusinessPlan
from bansou.core.permissions import Capability
from bansou.lib.eras import fiscal_year
from bansou.motivation.queue import analysis_queue
from bansou.support.models import SupportRecord

from .models import DashboardSettings

FOLLOW_UPS_SHOWN = 20
NEXT_ACTIONS_SHOWN = 20
QUEUE_SHOWN = 10
RECENT_RECORDS_SHOWN = 10


def end_of_week(today: date) -> date:
    """The Sunday of today's week (weeks run Monday to Sunday, as on a Japanese desk calendar)."""
    return today + timedelta(days=6 - today.weekday())


def _overdue(field: str, today: date) -> ExpressionWrapper:
    return ExpressionWrapper(Q(**{f"{field}__lt": today}), output_field=BooleanField())


def _own_plans(user):
    return BusinessPlan.objects.filter(organization=user.organization_id, staff=user)


@dataclass(frozen=True)
class FollowUps:
    plans: list
    overdue: int
    this_week: int


def follow_ups_due(user, today: date) -> FollowUps:
    """Plans this user follows whose next contact (DOMAIN §3 group cadence) is overdue or due
    by Sunday: one query for the counts, one for the first rows."""
    due = _own_plans(user).filter(
        status__in=FOLLOWED_STATUSES,
        follow_up_due__isnull=False,
        follow_up_due__lte=end_of_week(today),
    )
    counts = due.aggregate(
        overdue=Count("pk", filter=Q(follow_up_due__lt=today)),
        this_week=Count("pk", filter=Q(follow_up_due__gte=today)),
    )
    plans = list(
        due.select_related("business")
        .annotate(is_overdue=_overdue("follow_up_due", today))
        .order_by("follow_up_due", "pk")[:FOLLOW_UPS_SHOWN]
    )
    return FollowUps(plans=plans, overdue=counts["overdue"], this_week=counts["this_week"])


def next_actions(user, today: date) -> list:
    """This user's next actions not yet done, the earliest due first, undated last."""
    return list(
        SupportRecord.objects.filter(
            organization=user.organization_id, staff=user, next_action_done=False
        )
        .filter(~Q(next_action="") | Q(next_action_due__isnull=False))
        .select_related("business")
        .annotate(is_overdue=_overdue("next_action_due", today))
        .order_by(F("next_action_due").asc(nulls_last=True), "occurred_at", "pk")[
            :NEXT_ACTIONS_SHOWN
        ]
    )


def queue_top(user) -> list:
    """The first businesses of the chamber's analysis queue (motivation:queue), one query."""
    return list(analysis_queue(user)[:QUEUE_SHOWN])


@dataclass(frozen=True)
class QuotaProgress:
    fiscal_year: int
    completed: int
    quota: int

    @property
    def remaining(self) -> int:
        return max(self.quota - self.completed, 0)

    @property
    def met(self) -> bool:
        return self.completed >= self.quota

    @property
    def bar_value(self) -> int:
        """What the progress bar shows: never past its end."""
        return min(self.completed, self.quota)


def quota_progress(user, today: date) -> QuotaProgress | None:
    """経営革新計画 this user completed in the current fiscal year against the chamber's quota
    (the chamber expects every staff member to complete at least one a year). Two queries."""
    if not user.has_capability(Capability.RECORDS_WRITE):
        return None  # experts carry no quota
    fy = fiscal_year(today)
    completed = (
        _own_plans(user)
        .filter(kind=PlanKind.INNOVATION, status__in=FOLLOWED_STATUSES, fiscal_year=fy)
        .count()
    )
    quota = DashboardSettings.quota_for(user.organization_id)
    return QuotaProgress(fiscal_year=fy, completed=completed, quota=quota)


def recent_records(user) -> list:
    """The user's last support records, newest first."""
    return list(
        SupportRecord.objects.filter(organization=user.organization_id, staff=user)
        .select_related("business")
        .order_by("-occurred_at", "-pk")[:RECENT_RECORDS_SHOWN]
    )


@dataclass(frozen=True)
class AdvisorDay:
    today: date
    follow_ups: FollowUps
    next_actions: list
    queue: list
    quota: QuotaProgress | None
    recent_records: list


def advisor_day(user, today: date) -> AdvisorDay:
    """Everything the start page shows one user: a fixed number of queries."""
    return AdvisorDay(
        today=today,
        follow_ups=follow_ups_due(user, today),
        next_actions=next_actions(user, today),
        queue=queue_top(user),
        quota=quota_progress(user, today),
        recent_records=recent_records(user),
    )
