"""A season of chamber A with a few candidate stores, for the award's tests."""

from datetime import date, timedelta

from django.utils import timezone

from bansou.programmes.models import Participation, Programme
from bansou.testing import make_business

from ..models import Candidate, Season


def make_programme(organization) -> Programme:
    programme, _created = Programme.objects.get_or_create(
        organization=organization,
        code="imise-award",
        defaults={"name": "川口i-mise大賞", "kind": "imise_award", "first_fiscal_year": 2023},
    )
    return programme


def make_season(organization, staff, *, stores: int = 3, open_now: bool = True, fy=None) -> Season:
    now = timezone.now()
    if open_now:
        opens, closes = now - timedelta(days=5), now + timedelta(days=5)
    else:
        opens, closes = now - timedelta(days=40), now - timedelta(days=10)
    day = timezone.localdate(opens)
    programme = make_programme(organization)
    fy = fy or (day.year if day.month >= 4 else day.year - 1)
    season = Season.objects.create(
        organization=organization,
        programme=programme,
        fiscal_year=fy,
        name=f"川口i-mise大賞 {fy}",
        votes_open=opens,
        votes_close=closes,
        finalist_count=2,
        winner_count=1,
    )
    for n in range(stores):
        add_candidate(season, staff, f"テスト食堂{n}", started_on=day)
    return season


def add_candidate(season, staff, name, *, started_on: date | None = None, category="food"):
    business = make_business(season.organization, name=name, name_kana=f"テストショクドウ{name}")
    participation = Participation(
        organization=season.organization,
        programme=season.programme,
        business=business,
        staff=staff,
        started_on=started_on or timezone.localdate(season.votes_open),
        status="candidate",
    )
    participation.capture_business_facts()
    participation.save()
    return Candidate.objects.create(
        organization=season.organization,
        season=season,
        participation=participation,
        name=name,
        name_kana=business.name_kana,
        category=category,
        area="中央",
    )
