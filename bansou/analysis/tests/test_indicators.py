"""The indicators as pure functions, against worked examples (domain-facts §2.2 and §3)."""

from datetime import date
from decimal import Decimal

import pytest

from bansou.analysis import indicators as ind
from bansou.analysis.indicators import Figures, Reason

# domain-facts §3: 売上高 6,000万, 変動費 3,000万, 固定費 2,000万 (here in 千円).
BREAK_EVEN_EXAMPLE = Figures(sales=60_000, cost_of_sales=30_000, sga_total=20_000)


def test_break_even_worked_example():
    assert ind.variable_costs(BREAK_EVEN_EXAMPLE).value == 30_000
    assert ind.fixed_costs(BREAK_EVEN_EXAMPLE).value == 20_000
    assert ind.marginal_profit_ratio(BREAK_EVEN_EXAMPLE).value == Decimal("50.0")
    assert ind.break_even_sales(BREAK_EVEN_EXAMPLE).value == Decimal("40000")
    assert ind.break_even_ratio(BREAK_EVEN_EXAMPLE).value == Decimal("66.7")
    assert ind.safety_margin(BREAK_EVEN_EXAMPLE).value == Decimal("33.3")
    assert ind.gross_margin(BREAK_EVEN_EXAMPLE).value == Decimal("50.0")


def test_break_even_with_the_sga_split_known():
    # 売上原価 25,000 + 変動販管費 5,000 = 変動費 30,000; 固定販管費 20,000: the same answer.
    f = Figures(sales=60_000, cost_of_sales=25_000, sga_variable=5_000, sga_fixed=20_000)
    assert ind.variable_costs(f).value == 30_000
    assert ind.break_even_sales(f).value == 40_000
    # One part and the total: the other part is the difference.
    g = Figures(sales=60_000, cost_of_sales=25_000, sga_variable=5_000, sga_total=25_000)
    assert ind.fixed_costs(g).value == 20_000
    assert ind.break_even_ratio(g).value == Decimal("66.7")


def test_break_even_names_the_missing_part_of_a_half_known_split():
    f = Figures(sales=60_000, cost_of_sales=25_000, sga_variable=5_000)
    assert ind.variable_costs(f).value == 30_000
    result = ind.break_even_sales(f)
    assert result.value is None
    assert result.reason == Reason.MISSING
    assert result.missing == ("sga_fixed",)


def test_loss_making_business_has_a_break_even_ratio_above_100():
    f = Figures(sales=30_000, cost_of_sales=15_000, sga_total=20_000)
    assert ind.break_even_sales(f).value == 40_000
    assert ind.break_even_ratio(f).value == Decimal("133.3")
    assert ind.safety_margin(f).value == Decimal("-33.3")


def test_no_break_even_point_when_every_sale_loses_money():
    f = Figures(sales=10_000, cost_of_sales=12_000, sga_total=1_000)
    assert ind.marginal_profit_ratio(f).value == Decimal("-20.0")
    for function in (ind.break_even_sales, ind.break_even_ratio, ind.safety_margin):
        result = function(f)
        assert result.value is None
        assert result.reason == Reason.NON_POSITIVE_MARGINAL_PROFIT


def test_zero_sales_never_divides():
    f = Figures(
        sales=0,
        cost_of_sales=0,
        sga_total=1_000,
        operating_profit=-1_000,
        receivables=0,
        inventory=0,
        payables=0,
    )
    for function in (
        ind.gross_margin,
        ind.operating_margin,
        ind.marginal_profit_ratio,
        ind.break_even_sales,
        ind.break_even_ratio,
        ind.safety_margin,
        ind.working_capital_months,
    ):
        result = function(f)
        assert result.value is None, function.__name__
        assert result.reason == Reason.NO_SALES, function.__name__


def test_missing_inputs_are_named_and_the_rest_is_computed():
    f = Figures(sales=50_000, operating_profit=2_500, net_assets=None, total_assets=40_000)
    results = ind.compute(f)
    assert results["operating_margin"].value == Decimal("5.0")
    assert results["gross_margin"].missing == ("cost_of_sales",)
    assert results["break_even_sales"].missing == ("cost_of_sales", "sga_total")
    assert results["equity_ratio"].missing == ("net_assets",)
    assert results["labour_productivity"].missing == ("employees",)
    assert results["ebitda_debt_multiple"].missing == (
        "interest_bearing_debt",
        "cash",
        "depreciation",
    )
    assert results["sales_growth"].reason == Reason.NO_PREVIOUS_PERIOD
    assert all(r.reason == Reason.MISSING for r in results.values() if r.missing)


def test_empty_statement_computes_nothing_and_raises_nothing():
    results = ind.compute(Figures(), Figures())
    assert all(result.value is None for result in results.values())
    assert results["sales_growth"].missing == ("sales", "previous_sales")


# --- ロカベン -----------------------------------------------------------------------------


def test_local_benchmark_worked_example():
    # A 12-month period: 売上 120,000 千円 (前期 100,000), 営業利益 6,000, 減価償却 2,000,
    # 借入金 40,000, 現預金 8,000, 売上債権 15,000 + 棚卸 5,000 − 買入債務 10,000,
    # 純資産 30,000 / 総資産 100,000, 従業員 10 人.
    current = Figures(
        period_end=date(2024, 3, 31),
        sales=120_000,
        operating_profit=6_000,
        depreciation=2_000,
        interest_bearing_debt=40_000,
        cash=8_000,
        receivables=15_000,
        inventory=5_000,
        payables=10_000,
        net_assets=30_000,
        total_assets=100_000,
        employees=10,
    )
    previous = Figures(period_end=date(2023, 3, 31), sales=100_000)
    assert ind.sales_growth(current, previous).value == Decimal("20.0")  # 120/100 − 1
    assert ind.operating_margin(current).value == Decimal("5.0")  # 6,000 ÷ 120,000
    assert ind.labour_productivity(current).value == Decimal("600")  # 6,000 ÷ 10 人
    assert ind.ebitda_debt_multiple(current).value == Decimal("4.00")  # 32,000 ÷ 8,000
    assert ind.working_capital_months(current).value == Decimal("1.0")  # 10,000 ÷ 10,000
    assert ind.equity_ratio(current).value == Decimal("30.0")


def test_negative_ebitda_has_no_multiple():
    f = Figures(
        interest_bearing_debt=10_000, cash=1_000, operating_profit=-3_000, depreciation=1_000
    )
    result = ind.ebitda_debt_multiple(f)
    assert result.value is None
    assert result.reason == Reason.NON_POSITIVE_EBITDA
    zero = Figures(
        interest_bearing_debt=10_000, cash=0, operating_profit=-1_000, depreciation=1_000
    )
    assert ind.ebitda_debt_multiple(zero).reason == Reason.NON_POSITIVE_EBITDA


def test_cash_above_debt_gives_a_negative_multiple():
    f = Figures(interest_bearing_debt=1_000, cash=5_000, operating_profit=1_500, depreciation=500)
    assert ind.ebitda_debt_multiple(f).value == Decimal("-2.00")


def test_a_short_period_is_compared_by_monthly_figures():
    # A change of fiscal year: 9 months to 2023-12-31 after 12 months to 2023-03-31.
    previous = Figures(period_end=date(2023, 3, 31), sales=120_000)
    short = Figures(
        period_end=date(2023, 12, 31),
        months=9,
        sales=99_000,  # 11,000 a month against 10,000
        operating_profit=4_500,  # 6,000 a year
        depreciation=1_500,  # EBITDA 6,000 in 9 months = 8,000 a year
        interest_bearing_debt=16_000,
        cash=0,
        employees=6,
        receivables=22_000,
        inventory=0,
        payables=0,
    )
    assert ind.sales_growth(short, previous).value == Decimal("10.0")
    assert ind.labour_productivity(short).value == Decimal("1000")
    assert ind.ebitda_debt_multiple(short).value == Decimal("2.00")
    assert ind.working_capital_months(short).value == Decimal("2.0")  # 22,000 ÷ 11,000


def test_sales_growth_needs_the_previous_consecutive_period():
    current = Figures(period_end=date(2024, 3, 31), sales=100)
    assert ind.sales_growth(current, None).reason == Reason.NO_PREVIOUS_PERIOD
    gap_year = Figures(period_end=date(2022, 3, 31), sales=100)
    assert ind.sales_growth(current, gap_year).reason == Reason.NOT_CONSECUTIVE
    no_sales = Figures(period_end=date(2023, 3, 31), sales=0)
    assert ind.sales_growth(current, no_sales).reason == Reason.NO_PREVIOUS_SALES
    unknown = Figures(period_end=date(2023, 3, 31))
    assert ind.sales_growth(current, unknown).missing == ("previous_sales",)


def test_falling_sales_give_a_negative_growth():
    previous = Figures(period_end=date(2023, 3, 31), sales=60_000)
    current = Figures(period_end=date(2024, 3, 31), sales=45_000)
    assert ind.sales_growth(current, previous).value == Decimal("-25.0")


@pytest.mark.parametrize(
    ("figures", "function", "reason"),
    [
        (Figures(operating_profit=100, employees=0), ind.labour_productivity, Reason.NO_EMPLOYEES),
        (Figures(net_assets=100, total_assets=0), ind.equity_ratio, Reason.NO_TOTAL_ASSETS),
    ],
)
def test_zero_denominators(figures, function, reason):
    result = function(figures)
    assert result.value is None
    assert result.reason == reason


def test_negative_net_assets_give_a_negative_equity_ratio():
    assert ind.equity_ratio(Figures(net_assets=-5_000, total_assets=20_000)).value == Decimal(
        "-25.0"
    )


def test_rounding_is_half_up():
    # 1 ÷ 8 = 12.5 % → 12.5; 1 ÷ 16 = 6.25 % → 6.3 (not banker's 6.2).
    assert ind.operating_margin(Figures(sales=16, operating_profit=1)).value == Decimal("6.3")


def test_compute_periods_chains_each_period_to_the_one_before():
    periods = [
        Figures(period_end=date(2022, 3, 31), sales=100),
        Figures(period_end=date(2023, 3, 31), sales=110),
        Figures(period_end=date(2024, 3, 31), sales=99),
    ]
    growth = [row["sales_growth"] for row in ind.compute_periods(periods)]
    assert growth[0].reason == Reason.NO_PREVIOUS_PERIOD
    assert growth[1].value == Decimal("10.0")
    assert growth[2].value == Decimal("-10.0")


def test_figures_from_an_object_with_the_same_attributes():
    class Statement:
        pass

    statement = Statement()
    for name in Figures.__dataclass_fields__:
        setattr(statement, name, None)
    statement.months = 12
    statement.sales = 5
    assert Figures.from_object(statement).sales == 5
