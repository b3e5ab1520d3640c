"""The demo's award: the FY2024 season stands behind the committee's 15 winners (the
evaluation row is unchanged and the ranking puts them first); the current season is open with
600 candidates and a burst the fraud report shows."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import translation

from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.engine import evaluate, get_plan
from bansou.imise import reports, services
from bansou.imise.demo import load_imise_demo
from bansou.imise.models import Season, Vote

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


@pytest.fixture
def demo(demo_chamber):
    load_kawaguchi_demo(demo_chamber)
    load_imise_demo(demo_chamber, today=TODAY)
    return demo_chamber


def test_fy2024_winners_unchanged_and_ranked_first(demo):
    with translation.override("ja"):
        row = evaluate(get_plan(demo, 2024), 2024).row("imise-award")
    assert (row.actual, row.status) == (D(15), "")
    season = Season.objects.get(organization=demo, fiscal_year=2024)
    assert Vote.objects.filter(season=season).count() >= 8000
    assert season.candidates.count() == 600
    winners = set(
        season.candidates.filter(participation__status="winner").values_list("pk", flat=True)
    )
    ranked = services.ranking(season)
    assert {r.entry.candidate_id for r in ranked[:15]} == winners
    assert services.missing_sheets(season) == []
    # Their follow-on publicity is in FY2025: FY2024's video streaming row stays 51.
    with translation.override("ja"):
        assert evaluate(get_plan(demo, 2024), 2024).row("video-streaming").actual == D(51)


def test_winners_page_lists_the_follow_on_support(demo):
    from django.urls import reverse

    from bansou.accounts.models import User
    from bansou.testing import login

    lead = User.objects.filter(organization=demo, role="lead_advisor").first()
    page = login(lead).get(reverse("imise:winners"), {"fy": 2024}).content.decode()
    assert page.count("動画配信支援") == 10


def test_current_season_is_open_with_a_burst_for_the_judges(demo):
    season = Season.objects.get(organization=demo, fiscal_year=2026)
    assert season.candidates.count() == 600
    assert Vote.objects.filter(season=season).count() > 5000
    patterns = {p.key: p for p in reports.fraud_report(season)}
    assert patterns["hourly"].rows and patterns["same_address"].rows and patterns["device"].rows
    stores = {r["store"] for r in patterns["hourly"].rows}
    assert len(stores) == 1
