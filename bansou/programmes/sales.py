"""月商5%以上増加: the pure rule, from a participation's start and the business's monthly sales.

The rule (documented in bansou/evaluation/plans/README.md):

* The months compared are the calendar months from the month the participation started up to
  March of that fiscal year (a store diagnosed in October: October–March, 6 months).
* Each is compared with the same calendar month a year earlier (October 2024 with October 2023).
* Every one of those months must have a figure on both sides. A month without a figure is
  reported as missing — never read as 0 — and the result is "months missing": not counted.
* When the earlier months add up to 0 there is no base to grow from: "no sales a year earlier",
  not counted (a rate from 0 is not defined).
* Otherwise the store counts when Σ after ≥ Σ before × 1.05 (exact decimal arithmetic); the
  change shown is (after − before) / before, rounded to 0.1 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from bansou.lib.eras import fiscal_year

THRESHOLD = Decimal("1.05")
INCREASED, NOT_INCREASED, INCOMPLETE, NO_BASE = (
    "increased",
    "not_increased",
    "incomplete",
    "no_base",
)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 + count, 12)
    return date(year, index + 1, 1)


def window(started_on: date) -> list[date]:
    """The months compared: the start month up to March of its fiscal year."""
    first = first_of_month(started_on)
    last = date(fiscal_year(started_on) + 1, 3, 1)
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


@dataclass(frozen=True)
class MonthPair:
    month: date
    before: Decimal | None  # the same month a year earlier
    after: Decimal | None

    @property
    def before_month(self) -> date:
        return add_months(self.month, -12)


@dataclass(frozen=True)
class SalesComparison:
    pairs: tuple[MonthPair, ...]
    before_total: Decimal | None
    after_total: Decimal | None
    change_percent: Decimal | None
    missing: tuple[date, ...]
    result: str

    @property
    def increased(self) -> bool:
        return self.result == INCREASED

    @property
    def first_month(self) -> date:
        return self.pairs[0].month

    @property
    def last_month(self) -> date:
        return self.pairs[-1].month


def compare_sales(started_on: date, sales: Mapping[date, Decimal]) -> SalesComparison:
    """The comparison for a participation started on `started_on`; `sales` maps the first
    day of a month to that month's sales."""
    pairs = tuple(
        MonthPair(month, sales.get(add_months(month, -12)), sales.get(month))
        for month in window(started_on)
    )
    missing = tuple(
        sorted(
            [p.before_month for p in pairs if p.before is None]
            + [p.month for p in pairs if p.after is None]
        )
    )
    before = sum((p.before for p in pairs if p.before is not None), Decimal(0))
    after = sum((p.after for p in pairs if p.after is not None), Decimal(0))
    if missing:
        return SalesComparison(pairs, None, None, None, missing, INCOMPLETE)
    if before == 0:
        return SalesComparison(pairs, before, after, None, (), NO_BASE)
    change = ((after - before) * 100 / before).quantize(Decimal("0.1"), ROUND_HALF_UP)
    result = INCREASED if after >= before * THRESHOLD else NOT_INCREASED
    return SalesComparison(pairs, before, after, change, (), result)


def implausible_months(
    amounts: Mapping[date, Decimal], reference: Mapping[date, Decimal], factor: int = 200
) -> list[date]:
    """Months whose figure is `factor`× above or below the median of the business's other
    figures (a 千円 figure among 円 ones, or the reverse). Zero and negative figures are left
    to other checks."""
    result = []
    for month, amount in amounts.items():
        others = sorted(v for m, v in {**reference, **amounts}.items() if m != month and v > 0)
        if not others or amount <= 0:
            continue
        median = others[len(others) // 2]
        if amount >= median * factor or amount * factor <= median:
            result.append(month)
    return sorted(result)
