"""An exhibition survey of business_a, open today with the standard questions."""

from datetime import date

import pytest
from django.utils import timezone

from bansou.demand.models import DemandSurvey, SurveyStatus
from bansou.demand.services import create_survey, set_status
from bansou.evaluation.tests.conftest import demo_chamber  # noqa: F401 - shared fixture


def make_survey(business, actor, *, channel="exhibition", open_=True, **fields) -> DemandSurvey:
    survey = DemandSurvey(
        business=business,
        staff=actor,
        product_name=fields.pop("product_name", "鋳物のすき焼き鍋"),
        channel=channel,
        opens_on=fields.pop("opens_on", timezone.localdate()),
        **fields,
    )
    survey = create_survey(survey, actor=actor)
    if open_:
        set_status(survey, SurveyStatus.OPEN, actor=actor)
    return survey


@pytest.fixture
def survey_a(business_a, advisor_a) -> DemandSurvey:
    return make_survey(business_a, advisor_a)


@pytest.fixture
def closed_survey_a(business_a, advisor_a) -> DemandSurvey:
    survey = make_survey(business_a, advisor_a, opens_on=date(2024, 10, 20))
    set_status(survey, SurveyStatus.CLOSED, actor=advisor_a)
    return survey


def good_values(survey) -> dict:
    """A complete, valid answer to every question the form shows."""
    from bansou.demand.services import questions_for

    values = {}
    for q in questions_for(survey):
        if q.kind == "scale":
            values[q.pk] = "4"
        elif q.kind == "single":
            values[q.pk] = q.option_list[0]
        elif q.kind == "multiple":
            values[q.pk] = q.option_list[:2]
        else:
            values[q.pk] = "とても良い製品です"
    return values


def post_data(values: dict) -> dict:
    return {f"q{pk}": v for pk, v in values.items()}
