"""DI arithmetic: polarity per item, 該当しない, rounding, ▲; periods and fiscal years."""

from datetime import date
from decimal import Decimal

import pytest

from bansou.core.errors import DomainError
from bansou.surveys import di
from bansou.surveys.definitions import EMPLOYEES, PURCHASE_PRICE
from bansou.surveys.periods import parse_period


def test_di_is_plus_minus_minus_over_valid_answers():
    assert di.di(30, 10, 100) == Decimal("20.0")
    assert di.di(10, 30, 100) == Decimal("-20.0")
    assert di.di(0, 0, 5) == Decimal("0.0")


def test_di_rounds_half_away_from_zero_to_one_decimal():
    # 100 × 1 / 6 = 16.666… → 16.7; 100 × 1/8 = 12.5; 100 × (1 − 2)/16 = −6.25 → −6.3
    assert di.di(1, 0, 6) == Decimal("16.7")
    assert di.di(1, 0, 8) == Decimal("12.5")
    assert di.di(1, 2, 16) == Decimal("-6.3")
    assert di.di(2, 1, 16) == Decimal("6.3")


def test_no_valid_answer_has_no_di():
    assert di.di(0, 0, 0) is None
    assert di.format_di(None) == "—"


def test_not_applicable_is_left_out_of_the_base():
    tally = di.tally([di.PLUS, di.PLUS, di.MINUS, di.NEUTRAL, di.NOT_APPLICABLE, None])
    assert (tally.plus, tally.neutral, tally.minus, tally.not_applicable) == (2, 1, 1, 1)
    assert tally.valid == 4
    assert tally.di == Decimal("25.0")  # 100 × (2 − 1) / 4, not / 5


def test_negative_di_prints_with_a_black_triangle():
    assert di.format_di(Decimal("-17.9")) == "▲17.9"
    assert di.format_di(Decimal("-0.5")) == "▲0.5"
    assert di.format_di(Decimal("12")) == "12.0"
    assert di.format_di(Decimal("0")) == "0.0"


@pytest.mark.parametrize(
    ("words", "answer", "side"),
    [
        (("好転", "不変", "悪化"), "悪化", di.MINUS),
        (("増加", "不変", "減少"), "増加", di.PLUS),
        (("上昇", "不変", "低下"), "低下", di.MINUS),
        (("過剰", "適正", "不足"), "過剰", di.PLUS),
        (("過剰", "適正", "不足"), "不足", di.MINUS),
        (("過剰", "適正", "不足"), "適正", di.NEUTRAL),
        (("好転", "不変", "悪化"), "該当しない", di.NOT_APPLICABLE),
        (("好転", "不変", "悪化"), "増加", None),  # another item's word
    ],
)
def test_each_item_reads_its_own_answer_words(words, answer, side):
    assert di.side_of(answer, *words) == side


def test_staff_and_purchase_price_dis_follow_the_published_series():
    # 従業員数過不足DI = 過剰 − 不足 (今期の水準) and 仕入単価DI = 上昇 − 低下 (domain-facts §4.2):
    # a shortage of staff gives a negative DI, and in both a rising DI is bad news.
    name, plus, _neutral, minus, basis, favourable = EMPLOYEES
    assert (plus, minus, basis, favourable) == ("過剰", "不足", "level", False)
    sides = [di.side_of(w, *EMPLOYEES[1:4]) for w in ["不足", "不足", "不足", "適正", "過剰"]]
    assert di.tally(sides).di == Decimal("-40.0")
    assert PURCHASE_PRICE[1] == "上昇" and PURCHASE_PRICE[5] is False


def test_periods_are_months_or_calendar_quarters():
    q = parse_period("2024Q2")
    assert (q.starts_on, q.ends_on) == (date(2024, 4, 1), date(2024, 6, 30))
    assert parse_period("２０２４－０５".replace("－", "-")).code == "2024-05"
    assert parse_period("2024-5").code == "2024-05"


def test_calendar_quarters_across_the_fiscal_year_boundary():
    # Jan–Mar 2025 is the fourth quarter of FY2024, not the first of FY2025.
    assert parse_period("2025Q1").fiscal_year == 2024
    assert parse_period("2024Q4").fiscal_year == 2024
    assert parse_period("2024Q1").fiscal_year == 2023
    assert parse_period("2024Q2").fiscal_year == 2024
    assert parse_period("2025-03").fiscal_year == 2024
    assert parse_period("2025-04").fiscal_year == 2025


@pytest.mark.parametrize("text", ["2024Q5", "2024-13", "24Q1", "2024/05", "", "令和6年"])
def test_a_period_in_the_wrong_format_is_refused_in_japanese(text, settings):
    with pytest.raises(DomainError) as caught:
        parse_period(text)
    assert "YYYY-MM" in caught.value.message


def test_a_monthly_survey_takes_months_and_a_quarterly_one_quarters():
    with pytest.raises(DomainError):
        parse_period("2024Q2", "monthly")
    with pytest.raises(DomainError):
        parse_period("2024-05", "quarterly")
    assert parse_period("2024-05", "monthly").code == "2024-05"
