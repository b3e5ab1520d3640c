"""Chamber A's five surveys, and a round of the SME survey answered by business_a."""

from datetime import date

import pytest

from bansou.surveys import di
from bansou.surveys.definitions import create_surveys
from bansou.surveys.models import SurveyRound
from bansou.surveys.services import create_round, save_response


@pytest.fixture
def surveys_a(chamber_a):
    return create_surveys(chamber_a)


@pytest.fixture
def sme_round(surveys_a, advisor_a) -> SurveyRound:
    return create_round(surveys_a["sme"], "2024Q2", conducted_on=date(2024, 6, 20), actor=advisor_a)


@pytest.fixture
def answered_round(sme_round, business_a, advisor_a) -> SurveyRound:
    items = {i.name: i for i in sme_round.survey.items.all()}
    save_response(
        sme_round,
        business_a,
        {items["業況"]: di.PLUS, items["売上高"]: di.MINUS, items["経営課題"]: "人手不足"},
        comment="受注は回復傾向",
        actor=advisor_a,
    )
    return sme_round
