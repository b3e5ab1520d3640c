"""What the screens and the report show of the figures: labels, units, formatted cells, notes.

Kept apart from indicators.py so that the formulas stay free of Django and translation.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from bansou.lib import formatting
from bansou.lib.eras import JapaneseDateError, era_year

from . import indicators
from .indicators import Figures, Reason, Result

# Inputs named in Result.missing, as the people entering them call them.
INPUT_LABELS: dict[str, Promise] = {
    "sales": gettext_lazy("sales"),
    "previous_sales": gettext_lazy("sales of the previous period"),
    "cost_of_sales": gettext_lazy("cost of sales"),
    "sga_variable": gettext_lazy("SG&A, variable"),
    "sga_fixed": gettext_lazy("SG&A, fixed"),
    "sga_total": gettext_lazy("SG&A, total"),
    "operating_profit": gettext_lazy("operating profit"),
    "ordinary_profit": gettext_lazy("ordinary profit"),
    "depreciation": gettext_lazy("depreciation"),
    "interest_paid": gettext_lazy("interest paid"),
    "receivables": gettext_lazy("receivables"),
    "inventory": gettext_lazy("inventory"),
    "payables": gettext_lazy("payables"),
    "cash": gettext_lazy("cash and deposits"),
    "interest_bearing_debt": gettext_lazy("interest-bearing debt"),
    "net_assets": gettext_lazy("net assets"),
    "total_assets": gettext_lazy("total assets"),
    "employees": gettext_lazy("employees"),
}

REASONS: dict[Reason, Promise] = {
    Reason.NO_SALES: gettext_lazy("Cannot be computed: sales are zero."),
    Reason.NO_PREVIOUS_PERIOD: gettext_lazy("Needs the previous period's figures."),
    Reason.NOT_CONSECUTIVE: gettext_lazy(
        "The previous period entered does not end where this one starts."
    ),
    Reason.NO_PREVIOUS_SALES: gettext_lazy(
        "Cannot be computed: the previous period's sales are zero."
    ),
    Reason.NON_POSITIVE_MARGINAL_PROFIT: gettext_lazy(
        "No break-even point: variable costs are as high as sales or higher."
    ),
    Reason.NON_POSITIVE_EBITDA: gettext_lazy(
        "Cannot be computed: operating profit plus depreciation is zero or negative."
    ),
    Reason.NO_EMPLOYEES: gettext_lazy("Cannot be computed: there are no employees."),
    Reason.NO_TOTAL_ASSETS: gettext_lazy("Cannot be computed: total assets are zero."),
}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Promise
    unit: Promise
    formula: Promise
    digits: int  # decimals shown


PERCENT = gettext_lazy("%")
THOUSAND_YEN = gettext_lazy("thousand yen")

INDICATORS = [
    Indicator(
        "gross_margin",
        gettext_lazy("Gross margin"),
        PERCENT,
        gettext_lazy("(sales − cost of sales) ÷ sales"),
        1,
    ),
    Indicator(
        "marginal_profit_ratio",
        gettext_lazy("Marginal profit ratio"),
        PERCENT,
        gettext_lazy("(sales − variable costs) ÷ sales"),
        1,
    ),
    Indicator(
        "break_even_sales",
        gettext_lazy("Break-even sales"),
        THOUSAND_YEN,
        gettext_lazy("fixed costs ÷ marginal profit ratio"),
        0,
    ),
    Indicator(
        "break_even_ratio",
        gettext_lazy("Break-even ratio"),
        PERCENT,
        gettext_lazy("break-even sales ÷ sales"),
        1,
    ),
    Indicator(
        "safety_margin",
        gettext_lazy("Safety margin"),
        PERCENT,
        gettext_lazy("(sales − break-even sales) ÷ sales"),
        1,
    ),
    Indicator(
        "sales_growth",
        gettext_lazy("① Sales growth"),
        PERCENT,
        gettext_lazy("sales ÷ previous period's sales − 1"),
        1,
    ),
    Indicator(
        "operating_margin",
        gettext_lazy("② Operating margin"),
        PERCENT,
        gettext_lazy("operating profit ÷ sales"),
        1,
    ),
    Indicator(
        "labour_productivity",
        gettext_lazy("③ Labour productivity"),
        gettext_lazy("thousand yen per person"),
        gettext_lazy("operating profit ÷ employees"),
        0,
    ),
    Indicator(
        "ebitda_debt_multiple",
        gettext_lazy("④ EBITDA interest-bearing debt multiple"),
        gettext_lazy("times"),
        gettext_lazy("(interest-bearing debt − cash) ÷ (operating profit + depreciation)"),
        2,
    ),
    Indicator(
        "working_capital_months",
        gettext_lazy("⑤ Operating working capital turnover"),
        pgettext_lazy("unit", "months"),
        gettext_lazy("(receivables + inventory − payables) ÷ monthly sales"),
        1,
    ),
    Indicator(
        "equity_ratio",
        gettext_lazy("⑥ Equity ratio"),
        PERCENT,
        gettext_lazy("net assets ÷ total assets"),
        1,
    ),
]
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
LOCAL_BENCHMARK_KEYS = tuple(indicators.LOCAL_BENCHMARK)


def format_number(value: Decimal | int | None, digits: int = 0) -> str:
    """1,234 or ▲1,234.5: Japanese financial documents write negatives with ▲."""
    return formatting.amount(value, digits)


def explain(result: Result) -> str:
    """Why a result has no value, in the user's language; empty when it has one."""
    if result.value is not None:
        return ""
    if result.reason == Reason.MISSING:
        items = _(", ").join(str(INPUT_LABELS.get(name, name)) for name in result.missing)
        return _("Missing: %(items)s") % {"items": items}
    return str(REASONS.get(result.reason, ""))


def period_label(period_end: date) -> str:
    """令和6年3月期: how a Japanese business names the fiscal period ending in that month."""
    try:
        era, year = era_year(period_end)
    except JapaneseDateError:
        return f"{period_end.year}年{period_end.month}月期"
    year_text = "元" if year == 1 else str(year)
    return f"{era.name}{year_text}年{period_end.month}月期"


def period_label_short(period_end: date) -> str:
    """R6.3期: the same period in the few characters a chart axis has room for."""
    try:
        era, year = era_year(period_end)
    except JapaneseDateError:
        return f"{period_end.year}.{period_end.month}期"
    return f"{era.letter}{year}.{period_end.month}期"


@dataclass(frozen=True)
class Cell:
    result: Result
    text: str
    note: str


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    cells: list[Cell]

    @property
    def is_local_benchmark(self) -> bool:
        return self.indicator.key in LOCAL_BENCHMARK_KEYS


def indicator_rows(statements) -> list[IndicatorRow]:
    """One row per indicator, one cell per statement (given in chronological order)."""
    periods = indicators.compute_periods([Figures.from_object(s) for s in statements])
    return [
        IndicatorRow(
            indicator,
            [
                Cell(
                    result=period[indicator.key],
                    text=format_number(period[indicator.key].value, indicator.digits),
                    note=explain(period[indicator.key]),
                )
                for period in periods
            ],
        )
        for indicator in INDICATORS
    ]


STATEMENT_FIELDS = (
    "sales",
    "cost_of_sales",
    "sga_variable",
    "sga_fixed",
    "sga_total",
    "operating_profit",
    "ordinary_profit",
    "depreciation",
    "interest_paid",
    "receivables",
    "inventory",
    "payables",
    "cash",
    "interest_bearing_debt",
    "net_assets",
    "total_assets",
    "employees",
)


def statement_rows(statements) -> list[tuple[str, list[str]]]:
    """The entered figures as (label, one formatted value per period); amounts in 千円."""
    rows = [(_("months"), [str(s.months) for s in statements])]
    for name in STATEMENT_FIELDS:
        rows.append(
            (str(INPUT_LABELS[name]), [format_number(getattr(s, name)) for s in statements])
        )
    return rows
