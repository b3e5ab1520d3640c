"""The public report is revalidated on every use, so reopening a meeting withdraws it at once."""

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from bansou.committee import services
from bansou.testing import login

from .plans import FY

pytestmark = pytest.mark.django_db


def public_url():
    return reverse("committee:public", kwargs={"org_slug": "a", "fiscal_year": FY})


def test_the_public_report_may_be_cached_but_must_be_revalidated(closed_meeting_a, client):
    response = client.get(public_url())
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "no-cache" in cache_control
    # Was max-age=300: a proxy kept serving a withdrawn report for five minutes.
    assert get_max_age(response) == 0
    assert response["ETag"]


def test_an_unchanged_report_answers_not_modified(closed_meeting_a, client):
    etag = client.get(public_url())["ETag"]
    again = client.get(public_url(), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag


def test_a_reopened_meeting_is_gone_at_once_and_a_republished_one_is_new(
    closed_meeting_a, lead_a, client
):
    etag = client.get(public_url())["ETag"]
    services.reopen_meeting(closed_meeting_a, actor=lead_a, reason="数値の訂正")
    assert client.get(public_url(), headers={"If-None-Match": etag}).status_code == 404
    closed_meeting_a.refresh_from_db()
    services.close_meeting(closed_meeting_a, actor=lead_a)
    republished = client.get(public_url(), headers={"If-None-Match": etag})
    assert republished.status_code == 200
    assert republished["ETag"] != etag


def test_a_logged_in_visitor_gets_no_store_even_on_the_public_report(closed_meeting_a, lead_a):
    response = login(lead_a).get(public_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
