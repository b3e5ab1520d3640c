"""The staff screens that set up a season: create and edit it, add and remove its judges."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bansou.accounts.models import Role
from bansou.audit.models import AuditEntry
from bansou.imise.models import Judge, Score, Season, Vote
from bansou.testing import login, make_user

from .factories import make_programme, make_season

pytestmark = pytest.mark.django_db


def _season_data(programme, **changes):
    data = {
        "programme": programme.pk,
        "fiscal_year": "２０２６",
        "name": "川口i-mise大賞2026",
        "opens_on": "令和8年10月1日",
        "closes_on": "2026/10/31",
        "finalist_count": "30",
        "winner_count": "12",
        "vote_weight": "30",
        "address_daily_limit": "5",
    }
    return {**data, **changes}


def test_create_a_season(chamber_a, lead_advisor_a):
    programme = make_programme(chamber_a)
    client = login(lead_advisor_a)
    assert client.get(reverse("imise:season_create")).status_code == 200
    response = client.post(reverse("imise:season_create"), _season_data(programme))
    season = Season.objects.get(organization=chamber_a)
    assert response.status_code == 302
    assert response.url == reverse("imise:season", args=[season.pk])
    assert season.fiscal_year == 2026 and season.vote_weight == 30
    opens, closes = timezone.localtime(season.votes_open), timezone.localtime(season.votes_close)
    assert (opens.date().isoformat(), opens.hour) == ("2026-10-01", 0)
    assert (closes.date().isoformat(), closes.hour) == ("2026-11-01", 0)
    assert AuditEntry.objects.filter(action="imise.season.created", target_id=season.pk).exists()
    # The list and the season page link to the new screens.
    assert reverse("imise:season_create").encode() in client.get(reverse("imise:list")).content
    page = client.get(reverse("imise:season", args=[season.pk])).content
    assert reverse("imise:season_edit", args=[season.pk]).encode() in page
    assert reverse("imise:judges", args=[season.pk]).encode() in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closes_on": "2026-09-30"}, "投票の最終日が投票の初日より前です。"),
        ({"vote_weight": "101"}, "投票の比重は0から100までです。"),
        ({"vote_weight": "▲1"}, "投票の比重は0から100までです。"),
        ({"winner_count": "31"}, "受賞店舗数は最終審査対象の店舗数を超えられません。"),
        ({"fiscal_year": "2025"}, "令和7年度のi-mise大賞はすでにあります。"),
    ],
)
def test_bad_season_input_writes_nothing(chamber_a, advisor_a, lead_advisor_a, changes, message):
    existing = make_season(chamber_a, advisor_a, stores=0, fy=2025)
    client = login(lead_advisor_a)
    before = Season.objects.count(), AuditEntry.objects.count()
    response = client.post(
        reverse("imise:season_create"), _season_data(existing.programme, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Season.objects.count(), AuditEntry.objects.count()) == before


def test_edit_a_season_and_a_stale_form_is_refused(chamber_a, advisor_a, lead_advisor_a):
    season = make_season(chamber_a, advisor_a, stores=1)
    stored_open, stored_close = season.votes_open, season.votes_close
    client = login(lead_advisor_a)
    url = reverse("imise:season_edit", args=[season.pk])
    form = client.get(url)
    assert form.status_code == 200
    opens = form.context["form"]["opens_on"].value()
    closes = form.context["form"]["closes_on"].value()
    data = _season_data(
        season.programme,
        fiscal_year=season.fiscal_year,
        opens_on=opens.isoformat(),
        closes_on=closes.isoformat(),
        vote_weight="40",
        lock_version=season.lock_version,
    )
    assert client.post(url, data).status_code == 302
    season.refresh_from_db()
    assert season.vote_weight == 40 and season.lock_version == 2
    # The days were left as they were: the stored times are kept.
    assert (season.votes_open, season.votes_close) == (stored_open, stored_close)
    entry = AuditEntry.objects.get(action="imise.season.updated", target_id=season.pk)
    assert "vote_weight" in entry.changes and "votes_open" not in entry.changes
    # A second save from the page loaded before the first is refused, not applied.
    response = client.post(url, {**data, "vote_weight": "50"})
    assert response.status_code == 409
    season.refresh_from_db()
    assert season.vote_weight == 40


def test_a_season_with_votes_keeps_its_fiscal_year(chamber_a, advisor_a, lead_advisor_a):
    season = make_season(chamber_a, advisor_a, stores=1, fy=2025)
    store = season.candidates.get()
    Vote.objects.create(
        organization=chamber_a, season=season, candidate=store, day=timezone.localdate(),
        device_hash="d", address_hash="a",
    )  # fmt: skip
    data = _season_data(
        season.programme, fiscal_year="2024", lock_version=season.lock_version, vote_weight="45"
    )
    response = login(lead_advisor_a).post(reverse("imise:season_edit", args=[season.pk]), data)
    assert response.status_code == 400
    assert "この回にはすでに投票があるため、年度は変更できません。" in response.content.decode()
    season.refresh_from_db()
    assert (season.fiscal_year, season.vote_weight, season.lock_version) == (2025, 30, 1)


def test_add_and_remove_judges(chamber_a, advisor_a, lead_advisor_a):
    season = make_season(chamber_a, advisor_a, stores=1)
    client = login(lead_advisor_a)
    url = reverse("imise:judges", args=[season.pk])
    assert client.get(url).status_code == 200
    # A staff account: the name defaults to the account's.
    assert client.post(url, {"user": advisor_a.pk}).status_code == 302
    staff_judge = Judge.objects.get(season=season, user=advisor_a)
    assert staff_judge.name == str(advisor_a)
    # A named outside judge.
    data = {"name": "川口 花子", "affiliation": "川口市商店会連合会"}
    assert client.post(url, data).status_code == 302
    outside = Judge.objects.get(season=season, user=None)
    assert outside.affiliation == "川口市商店会連合会"
    # The same name twice, or no name and no account: a message and nothing written.
    for bad, message in ((data, "この方はすでにこの回の審査員です。"), ({}, "外部審査員の氏名")):
        response = client.post(url, bad)
        assert response.status_code == 400
        assert message in response.content.decode(), response.context["form"].errors
    assert Judge.objects.filter(season=season).count() == 2
    # A judge who has scored stays; the other is removed.
    Score.objects.create(
        organization=chamber_a, judge=staff_judge, candidate=season.candidates.get(),
        criterion="product", points=7,
    )  # fmt: skip
    client.post(reverse("imise:judge_remove", args=[staff_judge.pk]))
    client.post(reverse("imise:judge_remove", args=[outside.pk]))
    assert list(Judge.objects.filter(season=season)) == [staff_judge]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"imise.judge.added", "imise.judge.removed"} <= actions


def test_read_only_personas_403_and_another_chamber_404(
    chamber_a, chamber_b, advisor_a, committee_a, lead_advisor_a
):
    season = make_season(chamber_a, advisor_a, stores=0)
    judge = Judge.objects.create(organization=chamber_a, season=season, name="外部")
    urls = [
        reverse("imise:season_create"),
        reverse("imise:season_edit", args=[season.pk]),
        reverse("imise:judges", args=[season.pk]),
    ]
    for user in (advisor_a, committee_a):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 403
            assert client.post(url, {"name": "x", "vote_weight": "1"}).status_code == 403
        assert client.post(reverse("imise:judge_remove", args=[judge.pk])).status_code == 403
    other = login(make_user(chamber_b, Role.LEAD_ADVISOR, "lead-b"))
    for url in urls[1:]:
        assert other.get(url).status_code == 404
    assert other.post(reverse("imise:judge_remove", args=[judge.pk])).status_code == 404
    assert Judge.objects.filter(pk=judge.pk).exists()
    assert Season.objects.get(pk=season.pk).lock_version == 1
    assert not Season.objects.filter(organization=chamber_b).exists()


def test_judges_refused_once_confirmed(chamber_a, advisor_a, lead_advisor_a):
    season = make_season(chamber_a, advisor_a, stores=1, open_now=False)
    season.confirmed_at = timezone.now() - timedelta(days=1)
    season.save()
    response = login(lead_advisor_a).post(
        reverse("imise:judges", args=[season.pk]), {"name": "遅れて来た審査員"}
    )
    assert response.status_code == 400
    assert not Judge.objects.filter(season=season).exists()
