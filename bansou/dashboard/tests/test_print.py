"""The committee's PDF carries the dashboard's section chart, drawn as an SVG."""

from urllib.parse import unquote

import pytest
from django.utils import translation

from bansou.committee.outputs import render_pdf, render_report_html
from bansou.committee.tests.plans import FY, build_seed_plan
from bansou.dashboard.presentation import report_chart
from bansou.evaluation.engine import evaluate

pytestmark = pytest.mark.django_db


def test_the_committee_report_prints_the_section_rates(lead_advisor_a):
    plan = build_seed_plan(lead_advisor_a.organization, lead_advisor_a)
    with translation.override("ja"):
        result = evaluate(plan, FY)
        html = render_report_html(result)
        public = render_report_html(result, public=True)
    assert html.count("<svg") == 1 and "項目別の達成率（目標100%）" in html
    section = result.section(3)
    assert f"{float(section.percent)}% {section.grade}" in html  # 96.6% B
    assert "<svg" in public
    assert report_chart({"sections": []}) == ""


def test_the_pdf_renders_with_the_chart(lead_advisor_a):
    plan = build_seed_plan(lead_advisor_a.organization, lead_advisor_a)
    with translation.override("ja"):
        pdf = render_pdf(evaluate(plan, FY))
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_the_monthly_meeting_pack_prints_every_chart_and_each_row_to_review(lead_advisor_a):
    from datetime import date

    from django.urls import reverse

    from bansou.dashboard.figures import from_counts
    from bansou.dashboard.pack import pack_html
    from bansou.testing import login

    plan = build_seed_plan(lead_advisor_a.organization, lead_advisor_a)
    with translation.override("ja"):
        payload = from_counts(plan, FY, date(2025, 3, 31))
        html = pack_html(payload)
    review = [row for row in payload["rows"] if row["needs_review"]]
    assert review
    assert html.count("<svg") == 4 + len(review)  # sections, pipeline, staff, groups + rows
    assert "月次進捗会議資料" in html and "経営分析件数：累計実績と月割目標" in html

    response = login(lead_advisor_a).get(reverse("dashboard:pack") + "?fy=2024&month=3")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The year as the chamber names it, in the RFC 5987 form a browser decodes.
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert unquote(disposition.split("''", 1)[1]) == "月次進捗会議資料-令和6年度-20250331.pdf"
