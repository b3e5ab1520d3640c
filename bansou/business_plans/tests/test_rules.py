"""The numeric plan's years and the completion and approval dates, as pure checks."""

from datetime import date

import pytest
from django.utils import translation

from bansou.business_plans import rules


@pytest.fixture(autouse=True)
def japanese():
    with translation.override("ja"):
        yield


@pytest.mark.parametrize(
    "years",
    [
        [2024, 2025, 2026],
        [2024, 2025, 2026, 2027],
        [2024, 2025, 2026, 2027, 2028],
        [2026, 2024, 2025],
    ],
)
def test_three_to_five_consecutive_years_after_the_baseline(years):
    assert rules.year_target_errors(2023, years) == []


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ([2024, 2025], "3〜5年度分"),
        ([2024, 2025, 2026, 2027, 2028, 2029], "3〜5年度分"),
        ([2025, 2026, 2027], "令和6年度"),  # must start the year after the baseline
        ([2023, 2024, 2025], "基準年度"),
        ([2024, 2025, 2027], "連続"),
        ([2024, 2024, 2025], "1行"),
    ],
)
def test_bad_target_years_get_a_japanese_message(years, message):
    errors = rules.year_target_errors(2023, years)
    assert errors
    assert message in " ".join(errors), errors


def test_targets_need_a_baseline_year():
    assert "基準年度" in rules.year_target_errors(None, [2024, 2025, 2026])[0]


TODAY = date(2025, 4, 1)


def test_completion_on_the_day_of_the_analysis_is_allowed():
    assert (
        rules.completion_date_errors(
            date(2024, 5, 10),
            started_on=date(2024, 5, 1),
            analysed_on=date(2024, 5, 10),
            today=TODAY,
        )
        == []
    )


@pytest.mark.parametrize(
    ("completed_on", "message"),
    [
        (None, "策定日を入力"),
        (date(2024, 5, 9), "分析（令和6年5月10日）より前"),
        (date(2025, 4, 2), "未来"),
        (date(2024, 4, 30), "作成開始日より前"),
    ],
)
def test_completion_date_errors(completed_on, message):
    errors = rules.completion_date_errors(
        completed_on, started_on=date(2024, 5, 1), analysed_on=date(2024, 5, 10), today=TODAY
    )
    assert message in " ".join(errors), errors


def test_completion_without_an_analysis_checks_only_the_other_dates():
    errors = rules.completion_date_errors(
        date(2024, 5, 2), started_on=date(2024, 5, 1), analysed_on=None, today=TODAY
    )
    assert errors == []


@pytest.mark.parametrize(
    ("approved_on", "body", "message"),
    [
        (None, "埼玉県", "承認日を入力"),
        (date(2024, 9, 29), "埼玉県", "策定日より前"),
        (date(2025, 4, 2), "埼玉県", "未来"),
        (date(2024, 10, 15), "  ", "承認した機関"),
    ],
)
def test_approval_errors(approved_on, body, message):
    errors = rules.approval_errors(approved_on, body, completed_on=date(2024, 9, 30), today=TODAY)
    assert message in " ".join(errors), errors


def test_approval_on_the_completion_day_is_allowed():
    assert (
        rules.approval_errors(
            date(2024, 9, 30), "埼玉県知事", completed_on=date(2024, 9, 30), today=TODAY
        )
        == []
    )
