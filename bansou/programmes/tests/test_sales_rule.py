"""The pure "monthly sales up 5%" rule: window, boundaries, missing months, zero base."""

from datetime import date
from decimal import Decimal as D

from bansou.programmes.sales import (
    INCOMPLETE,
    INCREASED,
    NO_BASE,
    NOT_INCREASED,
    add_months,
    compare_sales,
    implausible_months,
    window,
)


def months(first: date, count: int, amount) -> dict:
    return {add_months(first, i): D(amount) for i in range(count)}


def test_window_runs_from_the_start_month_to_march_of_its_fiscal_year():
    assert window(date(2024, 10, 15)) == [add_months(date(2024, 10, 1), i) for i in range(6)]
    assert window(date(2024, 4, 1)) == [add_months(date(2024, 4, 1), i) for i in range(12)]
    # The last day of the fiscal year: one month, March.
    assert window(date(2025, 3, 31)) == [date(2025, 3, 1)]
    # January belongs to the fiscal year that started the April before.
    assert window(date(2025, 1, 1)) == [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]


def test_exactly_five_percent_counts_and_just_below_does_not():
    sales = months(date(2023, 10, 1), 6, 1_000_000) | months(date(2024, 10, 1), 6, 1_050_000)
    result = compare_sales(date(2024, 10, 3), sales)
    assert (result.result, result.before_total, result.after_total, result.change_percent) == (
        INCREASED, D(6_000_000), D(6_300_000), D("5.0"),
    )  # fmt: skip
    sales[date(2025, 3, 1)] -= 1
    result = compare_sales(date(2024, 10, 3), sales)
    assert result.result == NOT_INCREASED and not result.increased
    assert result.change_percent == D("5.0")  # rounded for display; the rule is exact


def test_same_calendar_months_are_compared_across_the_new_year():
    # Strong months outside the window (Apr–Sep) must not matter.
    sales = months(date(2023, 4, 1), 12, 100) | months(date(2024, 4, 1), 6, 10_000)
    sales |= months(date(2024, 10, 1), 6, 104)
    result = compare_sales(date(2024, 10, 1), sales)
    assert [p.month for p in result.pairs][0] == date(2024, 10, 1)
    assert [p.before_month for p in result.pairs][-1] == date(2024, 3, 1)
    assert (result.before_total, result.after_total, result.result) == (
        D(600), D(624), NOT_INCREASED,
    )  # fmt: skip


def test_missing_months_are_reported_not_read_as_zero():
    sales = months(date(2023, 10, 1), 6, 100) | months(date(2024, 10, 1), 6, 200)
    del sales[date(2023, 12, 1)]
    del sales[date(2025, 2, 1)]
    result = compare_sales(date(2024, 10, 1), sales)
    assert result.result == INCOMPLETE and not result.increased
    assert result.missing == (date(2023, 12, 1), date(2025, 2, 1))
    assert result.before_total is None and result.change_percent is None
    pair = next(p for p in result.pairs if p.month == date(2024, 12, 1))
    assert (pair.before, pair.after) == (None, D(200))


def test_zero_sales_a_year_earlier_is_no_base_not_an_increase():
    sales = months(date(2023, 10, 1), 6, 0) | months(date(2024, 10, 1), 6, 500)
    result = compare_sales(date(2024, 10, 1), sales)
    assert (result.result, result.before_total, result.after_total) == (NO_BASE, D(0), D(3000))
    assert result.change_percent is None and not result.increased
    # A recorded 0 in one month of an otherwise normal year is a real 0.
    sales = months(date(2023, 10, 1), 6, 100) | months(date(2024, 10, 1), 6, 110)
    sales[date(2023, 11, 1)] = D(0)
    assert compare_sales(date(2024, 10, 1), sales).result == INCREASED


def test_a_thousand_times_off_is_implausible():
    stored = months(date(2023, 4, 1), 12, 1_000_000)
    typed = {date(2024, 4, 1): D(1_050), date(2024, 5, 1): D(1_020_000)}
    assert implausible_months(typed, stored) == [date(2024, 4, 1)]
    assert implausible_months({date(2024, 4, 1): D(1_000_000_000)}, stored) == [date(2024, 4, 1)]
    assert implausible_months({date(2024, 4, 1): D(2_000_000)}, stored) == []
    assert implausible_months({date(2024, 4, 1): D(5)}, {}) == []  # nothing to compare with
