"""Follow-up rules of the plan's section 7 as pure functions: trends, groups, due dates, outcomes.

Every business with a completed plan reports every six months; from the report it enters one of
four groups, and the group sets how often staff contact it (DOMAIN §3):

    group  profit since the plan  wants support  contact at least
    1      down                   yes            monthly
    2      down                   no             every 3 months
    3      up                     yes            every 3 months
    4      up                     no             every 6 months

Decisions where the plan is silent (documented here and in the tests):
- "profit is judged before sales" (plan §7: costs can rise faster than prices, so sales may grow
  while profit falls): the group is chosen by the profit trend; the sales trend is used only
  when the profit trend is unknown (no profit reported, or no baseline profit).
- "flat" (exactly the baseline) counts as not down: the plan's question is whether profit fell.
- When neither profit nor sales can be compared, the business goes to the "down" side: a
  business that cannot show its figures is the one to contact sooner, not later.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

REPORT_INTERVAL_MONTHS = 6


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"
    UNKNOWN = "unknown"


class TrendChoices(models.TextChoices):
    """The same four values as Trend, labelled for forms and pages."""

    UP = Trend.UP.value, _("up")
    DOWN = Trend.DOWN.value, _("down")
    FLAT = Trend.FLAT.value, _("flat")
    UNKNOWN = Trend.UNKNOWN.value, _("unknown")


class FollowUpGroup(models.IntegerChoices):
    PROFIT_DOWN_WANTS_SUPPORT = 1, _("Group 1: profit down, wants support (monthly)")
    PROFIT_DOWN_NO_SUPPORT = 2, _("Group 2: profit down, no support wanted (every 3 months)")
    PROFIT_UP_WANTS_SUPPORT = 3, _("Group 3: profit up, wants support (every 3 months)")
    PROFIT_UP_NO_SUPPORT = 4, _("Group 4: profit up, no support wanted (every 6 months)")


# plan §7: the minimum contact frequency of each group.
INTERVAL_MONTHS: dict[int, int] = {1: 1, 2: 3, 3: 3, 4: 6}


def trend(current: int | None, baseline: int | None) -> Trend:
    """Direction of a figure against the plan's baseline year."""
    if current is None or baseline is None:
        return Trend.UNKNOWN
    if current > baseline:
        return Trend.UP
    if current < baseline:
        return Trend.DOWN
    return Trend.FLAT


def is_down(profit_trend: Trend | str, sales_trend: Trend | str) -> bool:
    """Whether the business belongs on the "down" side (groups 1 and 2)."""
    # plan §7: profit falling is checked before sales; sales only decide when profit is unknown.
    deciding = Trend(profit_trend)
    if deciding == Trend.UNKNOWN:
        deciding = Trend(sales_trend)
    if deciding == Trend.UNKNOWN:
        return True  # no figures to compare: contact sooner (see the module docstring)
    return deciding == Trend.DOWN  # flat is not down


def group(profit_trend: Trend | str, sales_trend: Trend | str, wants_support: bool) -> int:
    """The follow-up group (1–4) a report puts the business in."""
    if is_down(profit_trend, sales_trend):
        return 1 if wants_support else 2
    return 3 if wants_support else 4


def interval_months(group_number: int) -> int:
    try:
        return INTERVAL_MONTHS[group_number]
    except KeyError:
        raise ValueError(f"no follow-up group {group_number!r}") from None


def add_months(start: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def next_due(from_date: date, group_number: int) -> date:
    """When the next contact is due after a report or contact on `from_date`."""
    return add_months(from_date, interval_months(group_number))


def report_due(last_report_or_completion: date) -> date:
    """When the next six-monthly report is due after the last one (or the plan's completion)."""
    return add_months(last_report_or_completion, REPORT_INTERVAL_MONTHS)


def report_period_start(report_due_on: date) -> date:
    """First day of the six months a report due on `report_due_on` covers (for letters)."""
    return add_months(report_due_on, -REPORT_INTERVAL_MONTHS)


# --- the plan's report schedule -------------------------------------------------------------
# plan §7: a business reports every six months from its plan's completion. Period n runs from
# completion + 6(n−1) months to the day before completion + 6n months, and its report is due
# on that day (the period is over). A report belongs to the period whose due date is nearest:
# one sent a little early or a little late still answers that period.


@dataclass(frozen=True)
class ReportPeriod:
    number: int
    start: date
    end: date

    @property
    def due(self) -> date:
        """The day the report on this period is due: the day after the period ends."""
        return self.end + timedelta(days=1)


def report_period(completed_on: date, number: int) -> ReportPeriod:
    """The `number`-th six-monthly period (1 is the first) after a plan completed on a date."""
    if number < 1:
        raise ValueError(f"report periods start at 1, not {number!r}")
    start = add_months(completed_on, REPORT_INTERVAL_MONTHS * (number - 1))
    due = add_months(completed_on, REPORT_INTERVAL_MONTHS * number)
    return ReportPeriod(number, start, due - timedelta(days=1))


def _months_elapsed(start: date, on: date) -> int:
    """Whole months from `start` to `on` (add_months' clamping respected)."""
    months = max((on.year - start.year) * 12 + on.month - start.month, 0)
    while months > 0 and add_months(start, months) > on:
        months -= 1
    return months


def period_of_report(completed_on: date, reported_on: date) -> ReportPeriod:
    """The period a report dated `reported_on` answers: the one whose due date is nearest."""
    half = REPORT_INTERVAL_MONTHS // 2
    number = max(1, (_months_elapsed(completed_on, reported_on) + half) // REPORT_INTERVAL_MONTHS)
    return report_period(completed_on, number)


def latest_due_period(completed_on: date, today: date) -> ReportPeriod | None:
    """The latest period whose report is due by `today`; None before the first is due."""
    number = _months_elapsed(completed_on, today) // REPORT_INTERVAL_MONTHS
    return report_period(completed_on, number) if number else None


def profit_increased(profit: int | None, baseline_profit: int | None) -> bool | None:
    """Outcome "profit increased" (利益増加事業者): against the plan's baseline year."""
    if profit is None or baseline_profit is None:
        return None
    return profit > baseline_profit


class YearFigures(Protocol):
    """A plan's figures for one year (PlanYearTarget has this shape)."""

    sales: int | None
    profit: int | None


def targets_met(sales: int | None, profit: int | None, target: YearFigures | None) -> bool | None:
    """Outcome "sales and profit targets both met": against the plan's figures for that year."""
    if target is None or None in (sales, profit, target.sales, target.profit):
        return None
    return sales >= target.sales and profit >= target.profit


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week that contains `today` (the "due this week" list)."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def is_overdue(due: date | None, today: date) -> bool:
    return due is not None and due < today


def is_due_this_week(due: date | None, today: date) -> bool:
    """Due from today to Sunday; what is already late is "overdue", not "this week"."""
    return due is not None and today <= due <= week_bounds(today)[1]
