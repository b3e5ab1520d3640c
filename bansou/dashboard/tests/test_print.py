"""The committee's PDF carries the dashboard's section chart, drawn as an SVG."""

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
