"""Section 2 of FY2024 from the demand surveys: ③ 4 exhibitors, ① 実施なし, ② untouched."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from bansou.demand.models import DemandSurvey
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.engine import drilldown, evaluate, get_plan
from bansou.evaluation.models import ManualActual

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(demo_chamber):
    load_kawaguchi_demo(demo_chamber)
    return get_plan(demo_chamber, 2024)


def _evaluate(plan, year=2024):
    with translation.override("ja"):
        return evaluate(plan, year)


def test_section_2_reproduces_the_committee_table(plan):
    result = _evaluate(plan)
    exhibition = result.row("exhibition-survey")
    assert (exhibition.actual, exhibition.target, exhibition.source) == (D(4), D(5), "rule")
    crowdfunding = result.row("crowdfunding-survey")
    assert crowdfunding.source == "rule"
    assert (crowdfunding.counted, crowdfunding.reason) == (False, "R6実施なし")
    section = result.section(2)
    assert (section.actual, section.target, section.percent, section.grade) == (
        D(4),
        D(5),
        D("80.0"),
        "B",
    )
    typed = ManualActual.objects.filter(
        item__plan=plan, item__key__in=["exhibition-survey", "crowdfunding-survey"]
    )
    assert not typed.exists()


def test_only_completed_surveys_at_their_target_count(plan, demo_chamber):
    surveys = DemandSurvey.objects.filter(organization=demo_chamber)
    fy2024 = surveys.filter(fiscal_year=2024)
    assert fy2024.count() == 4 and all(s.response_count >= 50 for s in fy2024)
    short = surveys.get(response_count=38)  # fed back, but below its target of 50
    assert short.feedback_on and short.completed_on is None
    listed = drilldown(plan, 2024, "exhibition-survey")
    assert sorted(b.pk for b in listed) == sorted(fy2024.values_list("business_id", flat=True))
    # The crowdfunding survey counts in FY2025, the year of its feedback.
    assert surveys.get(channel="crowdfunding").fiscal_year == 2025


def test_a_survey_reaching_its_target_later_moves_the_row(plan, demo_chamber):
    from bansou.demand import services

    short = DemandSurvey.objects.get(organization=demo_chamber, response_count=38)
    from bansou.accounts.models import User

    lead = User.objects.get(organization=demo_chamber, username="kawaguchi-lead")
    values = {q.pk: "4" for q in short.questions.filter(kind="scale")}
    for _n in range(12):
        services.submit_response(short, values, actor=lead)
    assert _evaluate(plan).row("exhibition-survey").actual == 5
