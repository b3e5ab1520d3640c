"""Financial indicators of one fiscal period: break-even analysis and the six ロカベン indicators.

Pure functions on `Figures` (amounts in 千円; None = not known). Each returns a `Result` with
a rounded Decimal value, or None together with the inputs that are missing or the reason the
value is undefined. None of them raises on missing data or a zero denominator, so a statement
with gaps still shows everything that can be computed (the issue: "compute what can be
computed and say what is missing").

Formulas: /work/shared/reference/domain-facts.md §2.2 (ロカベン) and §3 (損益分岐点).
"""

from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

Number = int | Decimal

HUNDRED = Decimal(100)
TWELVE = Decimal(12)
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")
WHOLE = Decimal(1)


class Reason(StrEnum):
    """Why an indicator has no value."""

    MISSING = "missing"  # some inputs are not known; see Result.missing
    NO_SALES = "no_sales"  # sales are zero (or negative): nothing to divide by
    NO_PREVIOUS_PERIOD = "no_previous_period"  # growth needs the period before
    NOT_CONSECUTIVE = "not_consecutive"  # the previous period does not end where this starts
    NO_PREVIOUS_SALES = "no_previous_sales"  # the previous period had no sales
    NON_POSITIVE_MARGINAL_PROFIT = "non_positive_marginal_profit"  # no break-even point exists
    NON_POSITIVE_EBITDA = "non_positive_ebitda"  # the debt can never be repaid from EBITDA
    NO_EMPLOYEES = "no_employees"
    NO_TOTAL_ASSETS = "no_total_assets"


@dataclass(frozen=True)
class Result:
    value: Decimal | None
    missing: tuple[str, ...] = ()
    reason: Reason | None = None

    @property
    def is_known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Figures:
    """One period's figures in 千円 (employees in persons); None means not known."""

    sales: Number | None = None
    cost_of_sales: Number | None = None
    sga_variable: Number | None = None
    sga_fixed: Number | None = None
    sga_total: Number | None = None
    operating_profit: Number | None = None
    ordinary_profit: Number | None = None
    depreciation: Number | None = None
    interest_paid: Number | None = None
    receivables: Number | None = None
    inventory: Number | None = None
    payables: Number | None = None
    cash: Number | None = None
    interest_bearing_debt: Number | None = None
    net_assets: Number | None = None
    total_assets: Number | None = None
    employees: Number | None = None
    months: int = 12
    period_end: date | None = None

    @classmethod
    def from_object(cls, obj) -> "Figures":
        """Read the same-named attributes of a FinancialStatement (or anything alike)."""
        return cls(**{f.name: getattr(obj, f.name) for f in fields(cls)})


def _missing(**inputs) -> Result | None:
    absent = tuple(name for name, value in inputs.items() if value is None)
    return Result(None, missing=absent, reason=Reason.MISSING) if absent else None


def _undefined(reason: Reason) -> Result:
    return Result(None, reason=reason)


def _round(value: Decimal, step: Decimal) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def _annual(amount: Number, months: int) -> Decimal:
    """A flow of a period that is not 12 months long, scaled to a year (12 ÷ months)."""
    return Decimal(amount) * TWELVE / Decimal(months or 12)


# --- margins ------------------------------------------------------------------------------


def gross_margin(f: Figures) -> Result:
    """売上高総利益率 (粗利率) = (売上高 − 売上原価) ÷ 売上高 × 100 [%].

    Gross margin = (sales − cost of sales) ÷ sales × 100, one decimal.
    """
    if gap := _missing(sales=f.sales, cost_of_sales=f.cost_of_sales):
        return gap
    if f.sales <= 0:
        return _undefined(Reason.NO_SALES)
    return Result(_round((Decimal(f.sales) - f.cost_of_sales) / f.sales * HUNDRED, ONE_DECIMAL))


def operating_margin(f: Figures) -> Result:
    """ロカベン② 営業利益率 = 営業利益 ÷ 売上高 × 100 [%].

    Operating margin = operating profit ÷ sales × 100, one decimal.
    """
    if gap := _missing(sales=f.sales, operating_profit=f.operating_profit):
        return gap
    if f.sales <= 0:
        return _undefined(Reason.NO_SALES)
    return Result(_round(Decimal(f.operating_profit) / f.sales * HUNDRED, ONE_DECIMAL))


# --- break-even (domain-facts §3) -----------------------------------------------------------


def _sga_split(f: Figures) -> tuple[Number | None, Number | None, tuple[str, ...]]:
    """(variable SG&A, fixed SG&A, names of missing inputs).

    Assumption (勘定科目法 in its simplest form, usual for small businesses): when neither
    part of the SG&A split is known, all of SG&A is fixed and the cost of sales is the whole
    variable cost. When one part and the total are known, the other part is the difference.
    """
    if f.sga_variable is None and f.sga_fixed is None:
        return 0, f.sga_total, () if f.sga_total is not None else ("sga_total",)
    variable, fixed = f.sga_variable, f.sga_fixed
    if variable is None and f.sga_total is not None:
        variable = f.sga_total - fixed
    if fixed is None and f.sga_total is not None:
        fixed = f.sga_total - variable
    missing = tuple(
        name for name, value in (("sga_variable", variable), ("sga_fixed", fixed)) if value is None
    )
    return variable, fixed, missing


def variable_costs(f: Figures) -> Result:
    """変動費 = 売上原価 + 販管費のうち変動費 [千円].

    Variable costs = cost of sales + variable SG&A. When the SG&A split is unknown the
    variable SG&A is taken as 0 (all SG&A fixed; see `_sga_split`).
    """
    sga_variable, _fixed, sga_missing = _sga_split(f)
    absent = (() if f.cost_of_sales is not None else ("cost_of_sales",)) + tuple(
        name for name in sga_missing if name == "sga_variable"
    )
    if absent:
        return Result(None, missing=absent, reason=Reason.MISSING)
    return Result(Decimal(f.cost_of_sales) + sga_variable)


def fixed_costs(f: Figures) -> Result:
    """固定費 = 販管費のうち固定費 (内訳が不明なら販管費合計) [千円].

    Fixed costs = fixed SG&A, or total SG&A when the split is unknown (see `_sga_split`).
    """
    _variable, sga_fixed, sga_missing = _sga_split(f)
    absent = tuple(name for name in sga_missing if name in ("sga_fixed", "sga_total"))
    if absent:
        return Result(None, missing=absent, reason=Reason.MISSING)
    return Result(Decimal(sga_fixed))


def _marginal_profit_ratio(f: Figures) -> tuple[Decimal | None, Result | None]:
    """The unrounded ratio, or the Result explaining why there is none."""
    variable = variable_costs(f)
    absent = (() if f.sales is not None else ("sales",)) + variable.missing
    if absent:
        return None, Result(None, missing=absent, reason=Reason.MISSING)
    if f.sales <= 0:
        return None, _undefined(Reason.NO_SALES)
    return (Decimal(f.sales) - variable.value) / f.sales, None


def marginal_profit_ratio(f: Figures) -> Result:
    """限界利益率 = (売上高 − 変動費) ÷ 売上高 × 100 = (1 − 変動費率) × 100 [%].

    Marginal profit ratio = (sales − variable costs) ÷ sales × 100, one decimal.
    """
    ratio, problem = _marginal_profit_ratio(f)
    return problem or Result(_round(ratio * HUNDRED, ONE_DECIMAL))


def _break_even(f: Figures) -> tuple[Decimal | None, Result | None]:
    ratio, problem = _marginal_profit_ratio(f)
    fixed = fixed_costs(f)
    absent = (problem.missing if problem else ()) + fixed.missing
    if absent:
        return None, Result(None, missing=absent, reason=Reason.MISSING)
    if problem:
        return None, problem
    if ratio <= 0:
        return None, _undefined(Reason.NON_POSITIVE_MARGINAL_PROFIT)
    return fixed.value / ratio, None


def break_even_sales(f: Figures) -> Result:
    """損益分岐点売上高 = 固定費 ÷ 限界利益率 [千円].

    Break-even sales = fixed costs ÷ marginal profit ratio, rounded to 1 千円. Undefined when
    the marginal profit ratio is not positive (every sale loses money).
    Example: 売上 60,000 / 変動費 30,000 / 固定費 20,000 → 20,000 ÷ 0.5 = 40,000.
    """
    value, problem = _break_even(f)
    return problem or Result(_round(value, WHOLE))


def break_even_ratio(f: Figures) -> Result:
    """損益分岐点比率 = 損益分岐点売上高 ÷ 売上高 × 100 [%].

    Break-even ratio = break-even sales ÷ sales × 100, one decimal; above 100 % means a loss.
    Example: 40,000 ÷ 60,000 = 66.7 %.
    """
    value, problem = _break_even(f)
    return problem or Result(_round(value / f.sales * HUNDRED, ONE_DECIMAL))


def safety_margin(f: Figures) -> Result:
    """安全余裕率 (経営安全率) = (売上高 − 損益分岐点売上高) ÷ 売上高 × 100 [%].

    Safety margin = (sales − break-even sales) ÷ sales × 100 = 100 − break-even ratio, one
    decimal; negative for a loss-making business. Example: 20,000 ÷ 60,000 = 33.3 %.
    """
    value, problem = _break_even(f)
    return problem or Result(_round((f.sales - value) / f.sales * HUNDRED, ONE_DECIMAL))


# --- the six ロカベン indicators (domain-facts §2.2) ----------------------------------------


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def sales_growth(f: Figures, previous: Figures | None) -> Result:
    """ロカベン① 売上高増加率 = 売上高 ÷ 前期売上高 − 1 [%].

    Sales growth = sales ÷ previous period's sales − 1, × 100, one decimal. Periods of
    different lengths are compared by monthly sales (売上高 ÷ 月数), so that a 9-month period
    after a change of fiscal year is not read as a fall. The previous period must end where
    this one starts (its period end + this period's months = this period end).
    """
    if previous is None:
        return _undefined(Reason.NO_PREVIOUS_PERIOD)
    if f.period_end and previous.period_end:
        if _months_between(previous.period_end, f.period_end) != f.months:
            return _undefined(Reason.NOT_CONSECUTIVE)
    if gap := _missing(sales=f.sales, previous_sales=previous.sales):
        return gap
    if previous.sales <= 0:
        return _undefined(Reason.NO_PREVIOUS_SALES)
    monthly = Decimal(f.sales) / f.months
    previous_monthly = Decimal(previous.sales) / previous.months
    return Result(_round((monthly / previous_monthly - 1) * HUNDRED, ONE_DECIMAL))


def labour_productivity(f: Figures) -> Result:
    """ロカベン③ 労働生産性 = 営業利益 ÷ 従業員数 [千円/人].

    Labour productivity = operating profit ÷ employees, in 千円 per person, rounded to 1 千円.
    The operating profit of a period that is not 12 months long is annualised (× 12 ÷ months).
    """
    if gap := _missing(operating_profit=f.operating_profit, employees=f.employees):
        return gap
    if f.employees <= 0:
        return _undefined(Reason.NO_EMPLOYEES)
    return Result(_round(_annual(f.operating_profit, f.months) / f.employees, WHOLE))


def ebitda_debt_multiple(f: Figures) -> Result:
    """ロカベン④ EBITDA有利子負債倍率 = (有利子負債 − 現預金) ÷ (営業利益 + 減価償却費) [倍].

    EBITDA interest-bearing debt multiple = (interest-bearing debt − cash) ÷ (operating
    profit + depreciation), two decimals; EBITDA is annualised for a period that is not 12
    months long. Undefined (算出不可) when EBITDA ≤ 0. Negative when cash exceeds the debt.
    """
    if gap := _missing(
        interest_bearing_debt=f.interest_bearing_debt,
        cash=f.cash,
        operating_profit=f.operating_profit,
        depreciation=f.depreciation,
    ):
        return gap
    ebitda = _annual(Decimal(f.operating_profit) + f.depreciation, f.months)
    if ebitda <= 0:
        return _undefined(Reason.NON_POSITIVE_EBITDA)
    net_debt = Decimal(f.interest_bearing_debt) - f.cash
    return Result(_round(net_debt / ebitda, TWO_DECIMALS))


def working_capital_months(f: Figures) -> Result:
    """ロカベン⑤ 営業運転資本回転期間 = (売上債権 + 棚卸資産 − 買入債務) ÷ 月商 [か月].

    Operating working capital turnover = (receivables + inventory − payables) ÷ monthly
    sales, where monthly sales = sales ÷ the period's months; one decimal.
    """
    if gap := _missing(
        receivables=f.receivables, inventory=f.inventory, payables=f.payables, sales=f.sales
    ):
        return gap
    if f.sales <= 0:
        return _undefined(Reason.NO_SALES)
    working_capital = Decimal(f.receivables) + f.inventory - f.payables
    monthly_sales = Decimal(f.sales) / (f.months or 12)
    return Result(_round(working_capital / monthly_sales, ONE_DECIMAL))


def equity_ratio(f: Figures) -> Result:
    """ロカベン⑥ 自己資本比率 = 純資産 ÷ 総資産 × 100 [%].

    Equity ratio = net assets ÷ total assets × 100, one decimal; negative when liabilities
    exceed the assets (債務超過).
    """
    if gap := _missing(net_assets=f.net_assets, total_assets=f.total_assets):
        return gap
    if f.total_assets <= 0:
        return _undefined(Reason.NO_TOTAL_ASSETS)
    return Result(_round(Decimal(f.net_assets) / f.total_assets * HUNDRED, ONE_DECIMAL))


# --- all of them ------------------------------------------------------------------------------

BREAK_EVEN = {
    "gross_margin": gross_margin,
    "marginal_profit_ratio": marginal_profit_ratio,
    "break_even_sales": break_even_sales,
    "break_even_ratio": break_even_ratio,
    "safety_margin": safety_margin,
}
LOCAL_BENCHMARK = {
    "sales_growth": sales_growth,
    "operating_margin": operating_margin,
    "labour_productivity": labour_productivity,
    "ebitda_debt_multiple": ebitda_debt_multiple,
    "working_capital_months": working_capital_months,
    "equity_ratio": equity_ratio,
}


def compute(f: Figures, previous: Figures | None = None) -> dict[str, Result]:
    """Every indicator of one period, break-even first, then ロカベン ① to ⑥."""
    results = {name: function(f) for name, function in BREAK_EVEN.items()}
    for name, function in LOCAL_BENCHMARK.items():
        results[name] = function(f, previous) if name == "sales_growth" else function(f)
    return results


def compute_periods(periods: list[Figures]) -> list[dict[str, Result]]:
    """Indicators of periods in chronological order; each period's previous is the one before."""
    return [compute(f, periods[i - 1] if i else None) for i, f in enumerate(periods)]
