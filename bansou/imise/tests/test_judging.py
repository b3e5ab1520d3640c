"""The ranking rule, the judges' sheets, finalists, and the winners' confirmation feeding the
evaluation row i-mise大賞受賞事業所数 through the programme participations."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from bansou.core.errors import DomainError
from bansou.imise import rules, services
from bansou.imise.models import Criterion, Judge, Score, Vote
from bansou.programmes.models import Participation
from bansou.testing import login

from .factories import make_season

pytestmark = pytest.mark.django_db


def test_rank_combines_votes_and_judges_by_the_declared_weights():
    entries = [
        rules.Entry(1, "A", 100, (5, 5)),  # votes 100, judges 50 → 30 + 35 = 65
        rules.Entry(2, "B", 50, (9, 9)),  # votes 50, judges 90 → 15 + 63 = 78
        rules.Entry(3, "C", 0, ()),  # nothing → 0
    ]
    ranked = rules.rank(entries, 30)
    assert [(r.rank, r.entry.name, r.total) for r in ranked] == [
        (1, "B", D("78.0")),
        (2, "A", D("65.0")),
        (3, "C", D("0.0")),
    ]
    assert ranked[0].vote_score == D("50.0") and ranked[0].judge_score == D("90.0")
    # All weight on the votes: the most voted wins.
    assert rules.rank(entries, 100)[0].entry.name == "A"
    with pytest.raises(ValueError):
        rules.rank(entries, 101)


def test_ties_go_to_the_judges_then_the_votes():
    entries = [rules.Entry(1, "A", 100, (4,)), rules.Entry(2, "B", 40, (8,))]
    # A: 50×1 + 50×0.4×... weights 50: A = 50 + 20 = 70; B = 20 + 40 = 60 → A first.
    assert rules.rank(entries, 50)[0].entry.name == "A"
    tied = [rules.Entry(1, "A", 10, (6,)), rules.Entry(2, "B", 10, (6,))]
    assert [r.entry.name for r in rules.rank(tied, 30)] == ["A", "B"]


def _closed_season_with_votes(chamber, staff, lead):
    season = make_season(chamber, staff, stores=3, open_now=False)
    stores = list(season.candidates.order_by("pk"))
    day = timezone.localdate(season.votes_open)
    for i, (store, n) in enumerate(zip(stores, (5, 3, 1), strict=True)):
        Vote.objects.bulk_create(
            Vote(organization=chamber, season=season, candidate=store, day=day,
                 device_hash=f"{i}-{k}", address_hash="x", created_at=season.votes_open)
            for k in range(n)
        )  # fmt: skip
    return season, stores


def _score(judge, candidate, points):
    for criterion in Criterion.values:
        Score.objects.create(
            organization=judge.organization, judge=judge, candidate=candidate,
            criterion=criterion, points=points,
        )  # fmt: skip


def test_finalists_by_votes_then_confirmed_winners_count_in_the_evaluation(
    chamber_a, advisor_a, lead_advisor_a
):
    season, (first, second, third) = _closed_season_with_votes(chamber_a, advisor_a, lead_advisor_a)
    assert services.select_finalists(season, actor=lead_advisor_a) == [first.pk, second.pk]
    judge = Judge.objects.create(organization=chamber_a, season=season, name="審査委員 森田")
    with pytest.raises(DomainError) as incomplete:
        services.confirm_winners(season, [second.pk], actor=lead_advisor_a)
    assert incomplete.value.code == "sheets"
    _score(judge, first, 3)
    _score(judge, second, 10)
    ranked = services.ranking(season)
    # second: votes 60, judges 100 → 18 + 70 = 88; first: 30 + 21 = 51.
    assert [(r.entry.candidate_id, r.total) for r in ranked] == [
        (second.pk, D("88.0")),
        (first.pk, D("51.0")),
    ]
    with pytest.raises(DomainError):  # not a finalist
        services.confirm_winners(season, [third.pk], actor=lead_advisor_a)
    assert services.confirm_winners(season, [second.pk], actor=lead_advisor_a) == 1
    statuses = dict(
        Participation.objects.filter(imise_candidate__season=season).values_list(
            "imise_candidate", "status"
        )
    )
    assert statuses == {first.pk: "candidate", second.pk: "winner", third.pk: "candidate"}
    # The evaluation counts winners from the programme participations (kind imise_award).
    counted = Participation.objects.filter(
        organization=chamber_a, programme__kind="imise_award", status="winner",
        fiscal_year=season.fiscal_year,
    ).count()  # fmt: skip
    assert counted == 1
    season.refresh_from_db()
    assert season.confirmed_by == lead_advisor_a


def test_confirmation_refused_while_voting_is_open(season, lead_advisor_a):
    store = season.candidates.first()
    with pytest.raises(DomainError) as refused:
        services.confirm_winners(season, [store.pk], actor=lead_advisor_a)
    assert refused.value.code == "open"


def test_score_sheet_refuses_bad_points_and_writes_nothing(chamber_a, advisor_a, lead_advisor_a):
    season, (first, second, _third) = _closed_season_with_votes(
        chamber_a, advisor_a, lead_advisor_a
    )
    services.select_finalists(season, actor=lead_advisor_a)
    judge = Judge.objects.create(organization=chamber_a, season=season, name="外部審査員")
    client = login(lead_advisor_a)
    url = reverse("imise:scores", args=[judge.pk])
    data = {f"s-{c.pk}-{k}": "５" for c in (first, second) for k in Criterion.values}
    data[f"s-{first.pk}-product"] = "11"
    response = client.post(url, data)
    assert response.status_code == 400 and "1〜10点" in response.content.decode()
    data[f"s-{first.pk}-product"] = "abc"
    assert client.post(url, data).status_code == 400
    assert Score.objects.count() == 0
    data[f"s-{first.pk}-product"] = "８"  # full-width digits are accepted
    assert client.post(url, data).status_code == 302
    assert Score.objects.get(candidate=first, criterion="product").points == 8
    assert Score.objects.count() == 8


def test_confirm_through_the_page(chamber_a, advisor_a, lead_advisor_a):
    season, (first, second, _third) = _closed_season_with_votes(
        chamber_a, advisor_a, lead_advisor_a
    )
    client = login(lead_advisor_a)
    client.post(reverse("imise:finalists", args=[season.pk]))
    judge = Judge.objects.create(
        organization=chamber_a, season=season, name="職員審査員", user=advisor_a
    )
    _score(judge, first, 9)
    _score(judge, second, 4)
    page = client.get(reverse("imise:judging", args=[season.pk])).content.decode()
    assert "投票30%" in page
    response = client.post(reverse("imise:confirm", args=[season.pk]), {"winner": [first.pk]})
    assert response.status_code == 302
    first.participation.refresh_from_db()
    assert first.participation.status == "winner"
    # Bad input: a value that is no id writes nothing.
    season.refresh_from_db()  # the confirmation saved a new version of the season
    season.confirmed_at = None
    season.save()
    client.post(reverse("imise:confirm", args=[season.pk]), {"winner": ["x"]})
    first.participation.refresh_from_db()
    assert first.participation.status == "winner"


def test_a_judge_enters_only_their_own_sheet(chamber_a, advisor_a, staff_a, lead_advisor_a):
    season, _stores = _closed_season_with_votes(chamber_a, advisor_a, lead_advisor_a)
    own = Judge.objects.create(organization=chamber_a, season=season, name="A", user=advisor_a)
    other = Judge.objects.create(organization=chamber_a, season=season, name="B")
    client = login(advisor_a)
    assert client.get(reverse("imise:scores", args=[own.pk])).status_code == 200
    assert client.get(reverse("imise:scores", args=[other.pk])).status_code == 403
    assert login(lead_advisor_a).get(reverse("imise:scores", args=[other.pk])).status_code == 200


def test_finalists_refused_while_open(season, lead_advisor_a):
    season.votes_close = timezone.now() + timedelta(hours=1)
    with pytest.raises(DomainError):
        services.select_finalists(season, actor=lead_advisor_a)
