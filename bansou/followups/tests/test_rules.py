"""The plan's section 7 as pure functions: trends, groups, intervals, due dates, outcomes."""

from dataclasses import dataclass
from datetime import date

import pytest

from bansou.followups import rules
from bansou.followups.rules import Trend


@pytest.mark.parametrize(
    ("current", "baseline", "expected"),
    [
        (600, 500, Trend.UP),
        (400, 500, Trend.DOWN),
        (500, 500, Trend.FLAT),
        (-100, -300, Trend.UP),  # a smaller loss is an improvement
        (-300, 0, Trend.DOWN),
        (None, 500, Trend.UNKNOWN),
        (500, None, Trend.UNKNOWN),
        (0, 0, Trend.FLAT),
    ],
)
def test_trend(current, baseline, expected):
    assert rules.trend(current, baseline) == expected


@pytest.mark.parametrize(
    ("profit", "sales", "wants_support", "expected"),
    [
        # The table of DOMAIN §3.
        (Trend.DOWN, Trend.DOWN, True, 1),
        (Trend.DOWN, Trend.DOWN, False, 2),
        (Trend.UP, Trend.UP, True, 3),
        (Trend.UP, Trend.UP, False, 4),
        # Profit is judged before sales: sales up with profit down is still "down".
        (Trend.DOWN, Trend.UP, True, 1),
        (Trend.DOWN, Trend.UP, False, 2),
        # ... and sales down with profit up is "up".
        (Trend.UP, Trend.DOWN, True, 3),
        (Trend.UP, Trend.DOWN, False, 4),
        # Flat profit did not fall.
        (Trend.FLAT, Trend.DOWN, True, 3),
        (Trend.FLAT, Trend.DOWN, False, 4),
        # Unknown profit: sales decide.
        (Trend.UNKNOWN, Trend.DOWN, True, 1),
        (Trend.UNKNOWN, Trend.UP, False, 4),
        (Trend.UNKNOWN, Trend.FLAT, True, 3),
        # Nothing to compare: contact sooner.
        (Trend.UNKNOWN, Trend.UNKNOWN, True, 1),
        (Trend.UNKNOWN, Trend.UNKNOWN, False, 2),
    ],
)
def test_group(profit, sales, wants_support, expected):
    assert rules.group(profit, sales, wants_support) == expected
    # The stored string values give the same answer as the enum members.
    assert rules.group(profit.value, sales.value, wants_support) == expected


@pytest.mark.parametrize(("group", "months"), [(1, 1), (2, 3), (3, 3), (4, 6)])
def test_interval_months(group, months):
    assert rules.interval_months(group) == months


@pytest.mark.parametrize("group", [0, 5, None])
def test_interval_of_an_unknown_group_is_refused(group):
    with pytest.raises(ValueError, match="no follow-up group"):
        rules.interval_months(group)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # clamped to the month's end
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),  # over the calendar year
        (date(2025, 3, 31), 1, date(2025, 4, 30)),  # over the fiscal year
        (date(2024, 10, 1), 6, date(2025, 4, 1)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 5, 15), 0, date(2025, 5, 15)),
    ],
)
def test_add_months(start, months, expected):
    assert rules.add_months(start, months) == expected


@pytest.mark.parametrize(
    ("from_date", "group", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),  # FY2024 report, FY2025 contact
        (date(2025, 4, 1), 1, date(2025, 5, 1)),
        (date(2024, 11, 30), 2, date(2025, 2, 28)),
        (date(2024, 12, 31), 3, date(2025, 3, 31)),  # stays in FY2024
        (date(2025, 1, 1), 3, date(2025, 4, 1)),  # moves into FY2025
        (date(2024, 8, 31), 4, date(2025, 2, 28)),
        (date(2024, 9, 30), 4, date(2025, 3, 30)),
    ],
)
def test_next_due(from_date, group, expected):
    assert rules.next_due(from_date, group) == expected


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (date(2024, 9, 30), date(2025, 3, 30)),
        (date(2024, 10, 1), date(2025, 4, 1)),
        (date(2024, 8, 31), date(2025, 2, 28)),
        (date(2023, 8, 31), date(2024, 2, 29)),
        (date(2025, 3, 31), date(2025, 9, 30)),
    ],
)
def test_report_due_is_six_months_later(last, expected):
    assert rules.report_due(last) == expected


@pytest.mark.parametrize(
    ("profit", "baseline", "expected"),
    [(600, 500, True), (500, 500, False), (400, 500, False), (None, 500, None), (1, None, None)],
)
def test_profit_increased(profit, baseline, expected):
    assert rules.profit_increased(profit, baseline) is expected


@dataclass
class Target:
    sales: int | None
    profit: int | None


@pytest.mark.parametrize(
    ("sales", "profit", "target", "expected"),
    [
        (12_000, 700, Target(12_000, 700), True),  # exactly on target counts as met
        (13_000, 900, Target(12_000, 700), True),
        (13_000, 600, Target(12_000, 700), False),  # both are needed
        (11_000, 900, Target(12_000, 700), False),
        (None, 900, Target(12_000, 700), None),
        (13_000, 900, Target(None, 700), None),
        (13_000, 900, None, None),  # no target for that year
    ],
)
def test_targets_met(sales, profit, target, expected):
    assert rules.targets_met(sales, profit, target) is expected


@pytest.mark.parametrize(
    ("today", "monday", "sunday"),
    [
        (date(2025, 3, 31), date(2025, 3, 31), date(2025, 4, 6)),  # Monday, last day of FY
        (date(2025, 4, 6), date(2025, 3, 31), date(2025, 4, 6)),  # Sunday
        (date(2025, 1, 1), date(2024, 12, 30), date(2025, 1, 5)),
    ],
)
def test_week_bounds(today, monday, sunday):
    assert rules.week_bounds(today) == (monday, sunday)


def test_due_this_week_and_overdue_at_the_fiscal_year_boundary():
    today = date(2025, 4, 1)  # Tuesday, first day of FY2025
    assert rules.is_overdue(date(2025, 3, 31), today)
    assert not rules.is_due_this_week(date(2025, 3, 31), today)
    assert rules.is_due_this_week(date(2025, 4, 1), today)
    assert rules.is_due_this_week(date(2025, 4, 6), today)
    assert not rules.is_due_this_week(date(2025, 4, 7), today)
    assert not rules.is_overdue(None, today)
    assert not rules.is_due_this_week(None, today)


# --- the report schedule (plan §7: every six months from the plan's completion) -------------


def test_report_periods_follow_the_completion_date():
    first = rules.report_period(date(2024, 9, 30), 1)
    assert (first.start, first.end, first.due) == (
        date(2024, 9, 30),
        date(2025, 3, 29),
        date(2025, 3, 30),
    )
    second = rules.report_period(date(2024, 9, 30), 2)
    assert (second.start, second.end, second.due) == (
        date(2025, 3, 30),
        date(2025, 9, 29),
        date(2025, 9, 30),
    )


@pytest.mark.parametrize(
    ("reported_on", "number"),
    [
        (date(2024, 10, 1), 1),  # early: still the first period
        (date(2025, 3, 30), 1),
        (date(2025, 6, 29), 1),  # late for the first, before the second is near
        (date(2025, 6, 30), 2),  # nearer the second period's due date
        (date(2025, 9, 30), 2),
        (date(2026, 3, 31), 3),
    ],
)
def test_a_report_answers_the_period_whose_due_date_is_nearest(reported_on, number):
    assert rules.period_of_report(date(2024, 9, 30), reported_on).number == number


@pytest.mark.parametrize(
    ("today", "number"),
    [
        (date(2025, 3, 29), None),
        (date(2025, 3, 30), 1),
        (date(2025, 9, 29), 1),
        (date(2025, 9, 30), 2),
    ],
)
def test_the_latest_due_period(today, number):
    period = rules.latest_due_period(date(2024, 9, 30), today)
    assert (period.number if period else None) == number
