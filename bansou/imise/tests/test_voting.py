"""The vote: one per device per store per day, the address limit, forged and foreign stores,
the closed season, and nothing raw about the voter stored."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bansou.core.errors import DomainError
from bansou.imise import hashing, services
from bansou.imise.models import Vote
from bansou.testing import MALFORMED_IDS

from .factories import make_season

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


def _cast(season, candidate, device="device-1", address=ADDRESS, now=None):
    return services.cast_vote(season, candidate, device_id=device, address=address, now=now)


def _stores(season):
    return list(season.candidates.order_by("pk"))


def test_second_vote_same_device_same_store_same_day_is_refused(season):
    store = _stores(season)[0]
    _cast(season, store)
    with pytest.raises(DomainError) as refused:
        _cast(season, store)
    assert refused.value.code == "already_voted"
    assert "すでに" in refused.value.message
    assert Vote.objects.count() == 1


def test_next_day_and_another_store_are_allowed(season):
    first, second, _third = _stores(season)
    now = timezone.now()
    _cast(season, first, now=now)
    _cast(season, second, now=now)
    _cast(season, first, now=now + timedelta(days=1))
    assert Vote.objects.count() == 3
    assert Vote.objects.filter(candidate=first).values("day").distinct().count() == 2


def test_address_limit_per_store_per_day(season):
    store, other, _ = _stores(season)
    season.address_daily_limit = 2
    season.save()
    _cast(season, store, device="a")
    _cast(season, store, device="b")
    with pytest.raises(DomainError) as refused:
        _cast(season, store, device="c")
    assert refused.value.code == "address_limit"
    # Another address, or another store from the same address, still counts.
    _cast(season, store, device="c", address="198.51.100.1")
    _cast(season, other, device="c")
    assert Vote.objects.count() == 4


def test_closed_season_refuses(chamber_a, advisor_a):
    season = make_season(chamber_a, advisor_a, open_now=False)
    with pytest.raises(DomainError) as refused:
        _cast(season, _stores(season)[0])
    assert refused.value.code == "closed"
    assert Vote.objects.count() == 0


def test_no_raw_address_or_device_is_stored(season):
    _cast(season, _stores(season)[0], device="my-device-id")
    vote = Vote.objects.get()
    stored = " ".join(str(v) for v in Vote.objects.values_list().get())
    assert ADDRESS not in stored and "my-device-id" not in stored
    assert vote.address_hash == hashing.address_hash(season.pk, ADDRESS)
    assert len(vote.address_hash) == 64 and vote.address_hash != hashing.address_hash(
        season.pk + 1, ADDRESS
    )


# --- through the public pages -------------------------------------------------------------


def _vote_url(season, pk):
    return reverse("imise:vote_cast", args=[season.organization.slug, pk])


def test_public_vote_sets_a_signed_device_cookie_and_refuses_the_second(season):
    client = Client(REMOTE_ADDR=ADDRESS)
    store = _stores(season)[0]
    page = client.get(reverse("imise:vote_store", args=["a", store.pk]))
    assert page.status_code == 200
    cookie = client.cookies[hashing.DEVICE_COOKIE].value
    assert ":" in cookie  # signed
    assert client.post(_vote_url(season, store.pk)).status_code == 200
    again = client.post(_vote_url(season, store.pk))
    assert again.status_code == 409
    assert "本日はすでにこのお店に投票いただいています" in again.content.decode()
    assert Vote.objects.count() == 1
    # A tampered cookie is a new device: the vote counts as another device's.
    client.cookies[hashing.DEVICE_COOKIE] = cookie[:-2] + "xx"
    assert client.post(_vote_url(season, store.pk)).status_code == 200
    assert Vote.objects.count() == 2


@pytest.mark.parametrize("raw", [*MALFORMED_IDS, "999999", "0"])
def test_forged_store_id_is_refused_with_nothing_written(season, raw):
    response = Client().post(_vote_url(season, raw))
    assert response.status_code == 404
    assert "この店舗は今回の投票の対象ではありません" in response.content.decode()
    assert Vote.objects.count() == 0


def test_store_of_another_season_or_chamber_is_refused(season, chamber_b, advisor_b, advisor_a):
    foreign = make_season(chamber_b, advisor_b, stores=1)
    foreign_store = _stores(foreign)[0]
    response = Client().post(_vote_url(season, foreign_store.pk))
    assert response.status_code == 404
    # The service refuses a store of another season whatever the caller.
    with pytest.raises(DomainError):
        _cast(season, foreign_store)
    assert Vote.objects.count() == 0


def test_public_page_of_a_closed_season_has_no_vote_button(chamber_a, advisor_a):
    season = make_season(chamber_a, advisor_a, open_now=False)
    store = _stores(season)[0]
    page = Client().get(reverse("imise:vote_store", args=["a", store.pk])).content.decode()
    assert "投票は締め切りました" in page and "このお店に投票する" not in page
    response = Client().post(_vote_url(season, store.pk))
    assert response.status_code == 409 and Vote.objects.count() == 0


def test_unknown_chamber_and_chamber_without_a_season_are_404(chamber_b):
    assert Client().get(reverse("imise:vote", args=["nowhere"])).status_code == 404
    assert Client().get(reverse("imise:vote", args=["b"])).status_code == 404


def test_list_search_by_name_kana_category_and_area(season, advisor_a):
    from .factories import add_candidate

    add_candidate(season, advisor_a, "花屋フローラ", category="retail")
    client = Client()
    url = reverse("imise:vote", args=["a"])
    page = client.get(url, {"q": "フローラ"}).content.decode()
    assert "花屋フローラ" in page and "テスト食堂0" not in page
    page = client.get(url, {"category": "food"}).content.decode()
    assert "テスト食堂0" in page and "花屋フローラ" not in page
    page = client.get(url, {"q": "ｘｙｚ"}).content.decode()
    assert "該当するお店はありません" in page
    # The public page shows no vote counts.
    _cast(season, _stores(season)[0])
    listing = client.get(url).content.decode()
    assert "1票" not in listing and "投票数" not in listing


def test_candidate_list_queries_are_bounded(season, advisor_a, django_assert_max_num_queries):
    from .factories import add_candidate

    for n in range(30):
        add_candidate(season, advisor_a, f"追加店{n}")
    client = Client()
    client.get(reverse("imise:vote", args=["a"]))
    with django_assert_max_num_queries(6):
        assert client.get(reverse("imise:vote", args=["a"]), {"per_page": 100}).status_code == 200
