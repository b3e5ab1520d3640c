"""The monthly progress page and its workbook, and the national survey export."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from bansou.business_plans.models import BusinessPlan
from bansou.committee.survey import follow_up_trends, normalise_code, survey_lines
from bansou.committee.views.progress import default_year, target_text
from bansou.followups.models import FollowUpReport
from bansou.testing import login, make_business

from .plans import FY

pytestmark = pytest.mark.django_db
YEAR_END = "?fy=2024&month=3"


def test_the_progress_table_marks_the_rows_to_review(plan_a, committee_a):
    response = login(committee_a).get(reverse("committee:progress") + YEAR_END)
    assert response.status_code == 200
    page = response.content.decode()
    rows = {row["title"]: row for row in response.context["rows"]}
    # 経営分析 189 of 305 = 62 %: KGI 3, review; 経営意欲確認 1,068 of 1,000: KGI 5.
    assert rows["経営分析件数"]["kgi_level"] == 3 and rows["経営分析件数"]["needs_review"]
    assert (
        rows["経営意欲確認件数"]["kgi_level"] == 5 and not rows["経営意欲確認件数"]["needs_review"]
    )
    assert page.count('class="needs-review') == sum(r["needs_review"] for r in rows.values())
    assert "要見直し" in page and "3月" in page


def test_a_month_without_a_plan_says_so(chamber_a, advisor_a):
    response = login(advisor_a).get(reverse("committee:progress") + "?fy=2020&month=9")
    assert response.status_code == 200
    assert response.context["table"] is None and response.context["problem"]


def test_the_progress_workbook(plan_a, advisor_a):
    response = login(advisor_a).get(reverse("committee:progress_xlsx") + YEAR_END)
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    assert header[:5] == ["項目", "実施事業", "担当課", "単位", "年間目標"]
    assert header[5] == "4月" and header[16] == "3月" and header[-1] == "見直し"
    by_title = {row[1]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    analysis = by_title["経営分析件数"]
    assert analysis[4] == 305 and analysis[16] == 189 and analysis[-1] == "要見直し"


def make_report(business, user, *, sales, profit, reported_on, in_territory=True):
    plan = BusinessPlan.objects.filter(business=business).first() or BusinessPlan.objects.create(
        organization=business.organization,
        business=business,
        staff=user,
        title="計画",
        kind="action",
        status="completed",
        started_on=date(2023, 4, 1),
        completed_on=date(2023, 9, 1),
        fiscal_year=2023,
    )
    return FollowUpReport.objects.create(
        organization=business.organization,
        business=business,
        staff=user,
        plan=plan,
        reported_on=reported_on,
        period_fiscal_year=FY,
        wants_support=False,
        sales_trend=sales,
        profit_trend=profit,
        group=4,
        next_contact_due=date(2025, 6, 1),
        in_territory=in_territory,
        is_small=True,
    )


def test_follow_up_trends_count_each_business_once_by_its_latest_report(
    chamber_a, district_a, lead_a, django_assert_num_queries
):
    first = make_business(chamber_a, district_a, name="一番商店", name_kana="イチバン")
    second = make_business(chamber_a, district_a, name="二番商店", name_kana="ニバン")
    outside = make_business(chamber_a, district_a, name="地区外商店", name_kana="チクガイ")
    make_report(first, lead_a, sales="down", profit="down", reported_on=date(2024, 6, 1))
    make_report(first, lead_a, sales="up", profit="flat", reported_on=date(2024, 12, 1))
    make_report(second, lead_a, sales="unknown", profit="up", reported_on=date(2024, 10, 1))
    make_report(second, lead_a, sales="up", profit="up", reported_on=date(2025, 6, 1))  # FY2025
    make_report(
        outside, lead_a, sales="up", profit="up", reported_on=date(2024, 8, 1), in_territory=False
    )
    with django_assert_num_queries(1):
        trends = follow_up_trends(chamber_a.pk, FY)
    assert trends["sales"] == {"up": 1, "down": 0, "flat": 0, "unknown": 1}
    assert trends["profit"] == {"up": 1, "down": 0, "flat": 1, "unknown": 0}


def test_survey_codes_are_forgiving():
    assert {normalise_code(c) for c in ("A1", "a-1", "Ａ１", "A①")} == {"A1"}


def test_survey_export_maps_plan_rows_and_trends(plan_a, advisor_a, district_a, lead_a):
    business = make_business(plan_a.organization, district_a)
    make_report(business, lead_a, sales="up", profit="down", reported_on=date(2024, 11, 1))
    response = login(advisor_a).get(reverse("committee:survey_export") + YEAR_END + "&format=csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:5] == ["調査項目", "項目名", "単位", "目標値", "令和6年度実績"]
    by_code = {row[0]: row for row in rows[1:]}
    # A1 = 景況調査 4 + LOBO 12 + 緊急アンケート 10 (随時: no target) = 26 of 8.
    assert by_code["A1"][3:5] == ["8", "26"]
    assert by_code["A2"][3:5] == ["1000", "1068"]
    assert by_code["A4"][3:5] == ["", ""]  # no plan row reports it: empty, not 0
    assert by_code["A5-2"][5:9] == ["1", "0", "0", "0"]
    assert by_code["A5-3"][5:9] == ["0", "1", "0", "0"]
    xlsx = login(advisor_a).get(reverse("committee:survey_export") + YEAR_END)
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.title == "調査票A" and ws["A2"].value == "A1"


def test_survey_lines_keep_the_form_order():
    evaluation = {
        "sections": [
            {
                "rows": [
                    {
                        "title": "x",
                        "survey_item": "A6",
                        "actual": 5,
                        "target": 4,
                        "target_kind": "number",
                    },
                    {
                        "title": "y",
                        "survey_item": "A6",
                        "actual": 2,
                        "target": None,
                        "target_kind": "as_needed",
                    },
                    {
                        "title": "z",
                        "survey_item": "A3",
                        "actual": None,
                        "counted": False,
                        "target": 9,
                        "target_kind": "number",
                    },
                ]
            }
        ]
    }
    empty = {"up": 0, "down": 0, "flat": 0, "unknown": 0}
    lines = survey_lines(evaluation, {"sales": empty, "profit": empty})
    assert [line.code for line in lines] == ["A1", "A2", "A3", "A4", "A5", "A5-2", "A5-3", "A6"]
    a6 = lines[-1]
    assert (a6.actual, a6.target, a6.rows) == (7, 4, ["x", "y"])
    assert lines[2].actual is None and lines[2].target is None  # 実施なし: excluded from both


@time_machine.travel(datetime(2026, 5, 10, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False)
def test_without_a_choice_it_opens_on_the_latest_plan_year_and_offers_only_plan_years(
    plan_a, advisor_a
):
    """The plan ended in FY2024 (shortened): FY2026 has no plan, so the page opens on FY2024,
    at its year end, and offers no year the plan does not cover."""
    response = login(advisor_a).get(reverse("committee:progress"))
    assert response.context["problem"] == ""
    table = response.context["table"]
    assert (table.fiscal_year, table.as_of) == (2024, date(2025, 3, 31))
    form = response.context["form"]
    assert [year for year, _label in form.fields["fy"].choices] == [2024, 2023]
    assert "計画がありません" not in response.content.decode()


def test_default_year():
    assert default_year([2023, 2024], 2024) == 2024
    assert default_year([2023, 2024], 2026) == 2024
    assert default_year([2027, 2028], 2026) == 2027


def test_targets_and_levels_are_explained_in_plain_japanese(plan_a, advisor_a):
    response = login(advisor_a).get(reverse("committee:progress") + YEAR_END)
    page = response.content.decode()
    assert "KGI（年間目標の達成度）" in page and "KPI（予定どおり進んでいるか）" in page
    assert "5：100%以上、4：80%以上、3：50%以上、2：30%以上、1：それ未満" in page
    targets = {row["title"]: row["target_text"] for row in response.context["rows"]}
    assert targets["緊急アンケート調査"] == "随時"  # the plan says 随時
    with translation.override("ja"):
        row = SimpleNamespace(target=None, target_kind="none", unit="件")
        assert target_text(row) == "－"  # a row without a target is not 随時
        row = SimpleNamespace(target=Decimal(2), target_kind="at_least", unit="回")
        assert target_text(row) == "2回以上"
