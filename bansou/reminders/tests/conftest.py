"""The advisor with a day of follow-ups and actions that the reminders' tests share."""

from datetime import date

import pytest

from bansou.testing import make_business

from .factories import dated_plan, next_action


@pytest.fixture
def advisor_day(advisor_a, business_a, chamber_a, district_a):
    """Monday 2025-03-31, the last day of FY2024: its week runs to Sunday 2025-04-06 (FY2025)."""
    other = make_business(chamber_a, district_a, name="芝食堂", name_kana="シバショクドウ")
    dated_plan(business_a, advisor_a, "販路開拓計画", follow_up_due=date(2025, 3, 20))  # overdue
    dated_plan(other, advisor_a, "新商品計画", follow_up_due=date(2025, 3, 31))  # today
    dated_plan(
        business_a,
        advisor_a,
        "店舗改装計画",
        follow_up_due=date(2025, 4, 2),
        next_report_due=date(2025, 3, 1),
    )  # this week, across the 年度; report missing
    dated_plan(other, advisor_a, "来月の計画", follow_up_due=date(2025, 4, 7))  # next week
    next_action(business_a, advisor_a, "見積書を届ける", date(2025, 3, 28))  # overdue
    next_action(other, advisor_a, "工場を訪問\n詳細", date(2025, 4, 1))  # booked this week
    return advisor_a
