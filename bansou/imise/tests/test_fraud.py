"""The fraud report finds bursts by the declared thresholds and shows nothing personal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bansou.imise import reports, rules
from bansou.imise.models import Vote
from bansou.testing import login

from .factories import add_candidate

pytestmark = pytest.mark.django_db


def _vote(season, store, n, *, device, address, minute):
    start = (season.votes_open + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    at = start + timedelta(minutes=minute)
    return Vote(
        organization=season.organization, season=season, candidate=store,
        day=timezone.localdate(at), device_hash=device, address_hash=address, created_at=at,
    )  # fmt: skip


def test_bursts_and_busy_devices_are_found(season, advisor_a):
    store, quiet, _ = season.candidates.order_by("pk")
    burst = [
        _vote(season, store, n, device=f"d{n:062d}", address=f"{n % 3:064d}", minute=n)
        for n in range(rules.STORE_VOTES_PER_HOUR)
    ]
    many = [add_candidate(season, advisor_a, f"店{n}") for n in range(rules.DEVICE_VOTES)]
    busy = [
        _vote(season, c, n, device="b" * 64, address="f" * 64, minute=120 + n)
        for n, c in enumerate(many)
    ]
    normal = [_vote(season, quiet, 0, device="c" * 64, address="e" * 64, minute=300)]
    Vote.objects.bulk_create(burst + busy + normal)
    patterns = {p.key: p for p in reports.fraud_report(season)}
    assert [(r["store"], r["n"], r["addresses"]) for r in patterns["hourly"].rows] == [
        (store.name, rules.STORE_VOTES_PER_HOUR, 3)
    ]
    assert [(r["store"], r["n"]) for r in patterns["same_address"].rows] == [(store.name, 10)] * 3
    assert [(r["device"], r["n"], r["stores"]) for r in patterns["device"].rows] == [
        ("b" * 8, rules.DEVICE_VOTES, rules.DEVICE_VOTES)
    ]
    # Only the first characters of a hash are shown.
    page = login(advisor_a).get(reverse("imise:fraud", args=[season.pk])).content.decode()
    assert "b" * 8 in page and "b" * 9 not in page and "f" * 9 not in page


def test_fraud_report_queries_are_bounded(season, advisor_a, django_assert_max_num_queries):
    store = season.candidates.first()
    Vote.objects.bulk_create(
        _vote(season, store, n, device=f"{n:064d}", address="a" * 64, minute=n) for n in range(200)
    )
    client = login(advisor_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("imise:fraud", args=[season.pk])).status_code == 200
