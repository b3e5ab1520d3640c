"""Pages and downloads with personal data are never stored by a browser or a proxy."""

import pytest
from django.urls import reverse

from bansou.testing import login

pytestmark = pytest.mark.django_db


def assert_no_store(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives, response["Cache-Control"]
    assert "public" not in directives and "max-age=300" not in directives


@pytest.mark.parametrize("name", ["core:home", "businesses:list", "accounts:account"])
def test_every_page_for_a_logged_in_user_is_no_store(name, advisor_a, business_a):
    response = login(advisor_a).get(reverse(name))
    assert response.status_code == 200
    assert_no_store(response)


def test_a_download_is_no_store(advisor_a, business_a):
    response = login(advisor_a).get(reverse("businesses:export"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert_no_store(response)


def test_a_refusal_to_a_logged_in_user_is_no_store_too(committee_a, business_a):
    response = login(committee_a).get(reverse("businesses:list"))
    assert response.status_code == 403
    assert_no_store(response)


def test_static_files_keep_their_own_caching(advisor_a):
    response = login(advisor_a).get("/static/bansou/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_health_check_for_anonymous_visitors_is_left_alone(client):
    response = client.get(reverse("core:healthz"))
    assert "no-store" not in response.get("Cache-Control", "")
