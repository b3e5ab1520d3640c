"""Plan §1 ① from survey rounds: the demo gives the committee's FY2024 figures by rule."""

from decimal import Decimal

import pytest
from django.utils import translation

from bansou.evaluation.demo import MANUAL_ACTUALS, load_kawaguchi_demo
from bansou.evaluation.engine import drilldown, evaluate, get_plan
from bansou.evaluation.tests.conftest import build_demo_chamber
from bansou.surveys.models import SurveyRound

pytestmark = pytest.mark.django_db
ROWS = {"sme-survey": 4, "lobo-survey": 12, "closeup-survey": 4, "urgent-survey": 10}


@pytest.fixture
def kawaguchi():
    chamber = build_demo_chamber()
    load_kawaguchi_demo(chamber)
    return chamber


def test_section_1_rows_count_rounds_carried_out_and_published(kawaguchi):
    assert not set(ROWS) & set(MANUAL_ACTUALS)
    with translation.override("ja"):
        plan = get_plan(kawaguchi, 2024)
        result = evaluate(plan, 2024)
    for key, count in ROWS.items():
        row = result.row(key)
        assert (row.source, row.actual) == ("rule", Decimal(count)), key
    # The urgent survey of March 2025 is conducted but not published: not counted.
    unpublished = SurveyRound.objects.get(survey__code="urgent", period="2025-03")
    assert unpublished.fiscal_year == 2024 and not unpublished.published
    listed = drilldown(plan, 2024, "urgent-survey")
    assert listed.count() == 10 and unpublished not in listed
    # 2024Q4 (Oct–Dec, published 2025-01-25) is FY2024; 2024Q1 (published 2024-04-25) too;
    # 2023Q4 (published 2024-01-25) is FY2023.
    sme = {r.period: r.fiscal_year for r in SurveyRound.objects.filter(survey__code="sme")}
    assert (sme["2024Q4"], sme["2024Q1"], sme["2023Q4"]) == (2024, 2024, 2023)
    with translation.override("ja"):
        assert evaluate(get_plan(kawaguchi, 2024), 2023).row("lobo-survey").actual == Decimal(12)


def test_each_published_round_is_in_the_publications_register(kawaguchi):
    """Section 1's survey rows and the publications register agree, survey by survey (FY2024:
    sme 4, lobo 12, closeup 4, urgent 10), each entry on its round's publication day."""
    from django.db.models import Count

    from bansou.meetings.models import Publication

    rounds = dict(
        SurveyRound.objects.filter(organization=kawaguchi, published=True, fiscal_year=2024)
        .order_by()
        .values_list("survey__name")
        .annotate(n=Count("pk"))
        .values_list("survey__name", "n")
    )
    register = dict(
        Publication.objects.filter(organization=kawaguchi, kind="survey_result", fiscal_year=2024)
        .order_by()
        .values_list("subject")
        .annotate(n=Count("pk"))
        .values_list("subject", "n")
    )
    assert register == rounds
    assert rounds["中小企業景況調査"] == 4 and rounds["LOBO調査"] == 12
    linked = SurveyRound.objects.filter(organization=kawaguchi, published=True)
    assert not linked.filter(publication__isnull=True).exists()
    assert all(
        r.publication.published_on == r.published_on for r in linked.select_related("publication")
    )


def test_an_unpublished_round_counts_once_it_is_published(kawaguchi):
    from datetime import date

    round_ = SurveyRound.objects.get(survey__code="urgent", period="2025-03")
    round_.published = True
    round_.published_on = date(2025, 4, 10)  # published in FY2025: FY2024 stays 10
    round_.save()
    with translation.override("ja"):
        plan = get_plan(kawaguchi, 2024)
        assert evaluate(plan, 2024).row("urgent-survey").actual == Decimal(10)
    round_.published_on = date(2025, 3, 31)
    round_.save()
    with translation.override("ja"):
        assert evaluate(plan, 2024).row("urgent-survey").actual == Decimal(11)
