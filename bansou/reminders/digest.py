"""The daily digest of one user: follow-ups due, next actions, reports not received, visits
booked (DOMAIN §3: a plan's next contact follows its group; a report is due six-monthly).

A fixed number of queries per user; `today` is a parameter so that month ends and 年度
boundaries are tested without touching the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from bansou.business_plans.choices import FOLLOWED_STATUSES
from bansou.business_plans.models import BusinessPlan
from bansou.followups.rules import week_bounds
from bansou.support.models import SupportRecord

SHOWN = 10  # lines per section; the count says how many in all


@dataclass
class Section:
    key: str
    items: list = field(default_factory=list)  # (date or None, business name, detail)
    total: int = 0


@dataclass
class Digest:
    user: object
    today: date
    sections: list[Section]

    @property
    def is_empty(self) -> bool:
        return not any(section.total for section in self.sections)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _plans(user):
    return BusinessPlan.objects.filter(
        organization=user.organization_id, staff=user, status__in=FOLLOWED_STATUSES
    ).select_related("business")


def _section(key: str, queryset, date_field: str, detail) -> Section:
    rows = list(queryset[: SHOWN + 1])  # one query; the count only when there are more
    total = len(rows) if len(rows) <= SHOWN else queryset.count()
    items = [(getattr(r, date_field), r.business.name, detail(r)) for r in rows[:SHOWN]]
    return Section(key, items, total)


def plan_title(plan) -> str:
    return plan.title


def action_text(record) -> str:
    lines = (record.next_action or "").strip().splitlines()
    return lines[0][:80] if lines else ""


def build(user, today: date) -> Digest:
    _monday, sunday = week_bounds(today)
    plans = _plans(user)
    actions = SupportRecord.objects.filter(
        organization=user.organization_id, staff=user, next_action_done=False
    ).select_related("business")
    sections = [
        _section(
            "follow_ups_overdue",
            plans.filter(follow_up_due__lt=today).order_by("follow_up_due", "pk"),
            "follow_up_due",
            plan_title,
        ),
        _section(
            "follow_ups_today",
            plans.filter(follow_up_due=today).order_by("pk"),
            "follow_up_due",
            plan_title,
        ),
        _section(
            "follow_ups_this_week",
            plans.filter(follow_up_due__gt=today, follow_up_due__lte=sunday).order_by(
                "follow_up_due", "pk"
            ),
            "follow_up_due",
            plan_title,
        ),
        _section(
            "next_actions_overdue",
            actions.filter(next_action_due__lt=today).order_by("next_action_due", "pk"),
            "next_action_due",
            action_text,
        ),
        # What the advisor booked: next actions dated from today to Sunday (a visit, a call).
        _section(
            "visits_booked",
            actions.filter(next_action_due__gte=today, next_action_due__lte=sunday)
            .filter(~Q(next_action=""))
            .order_by("next_action_due", "pk"),
            "next_action_due",
            action_text,
        ),
        _section(
            "reports_missing",
            plans.filter(next_report_due__lt=today).order_by("next_report_due", "pk"),
            "next_report_due",
            plan_title,
        ),
    ]
    return Digest(user=user, today=today, sections=sections)
