"""Sessions end after 30 idle minutes or 12 hours, with a message; htmx gets HX-Redirect."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from bansou.accounts import sessions
from bansou.testing import PASSWORD

pytestmark = pytest.mark.django_db

START = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)
EXPIRED_MESSAGE = "もう一度ログインしてください"


def form_login(user) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_an_idle_session_ends_with_a_message_on_the_login_page(advisor_a):
    with time_machine.travel(START, tick=False) as traveller:
        client = form_login(advisor_a)
        assert client.get(reverse("businesses:list")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(reverse("businesses:list"))
        assert response.status_code == 302
        assert response["Location"] == (
            reverse("accounts:login") + "?next=" + reverse("businesses:list").replace("/", "%2F")
        )
        page = client.get(response["Location"]).content.decode()
        assert EXPIRED_MESSAGE in page
        assert client.get(reverse("core:home")).status_code == 302  # still logged out


def test_activity_keeps_the_session_open_until_the_absolute_limit(advisor_a):
    with time_machine.travel(START, tick=False) as traveller:
        client = form_login(advisor_a)
        for _ in range(35):  # every 20 minutes for 11 hours 40 minutes
            traveller.shift(timedelta(minutes=20))
            assert client.get(reverse("core:home")).status_code == 200
        traveller.shift(timedelta(minutes=20))  # 12 hours after the login
        response = client.get(reverse("core:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@override_settings(BANSOU_SESSION_IDLE_MINUTES=5, BANSOU_SESSION_MAX_HOURS=1)
def test_the_limits_come_from_the_settings(advisor_a):
    with time_machine.travel(START, tick=False) as traveller:
        client = form_login(advisor_a)
        traveller.shift(timedelta(minutes=4))
        assert client.get(reverse("core:home")).status_code == 200
        traveller.shift(timedelta(minutes=5))
        assert client.get(reverse("core:home")).status_code == 302


def test_a_new_login_starts_the_clocks_again(advisor_a):
    with time_machine.travel(START, tick=False) as traveller:
        client = form_login(advisor_a)
        traveller.shift(timedelta(hours=11, minutes=50))
        client.post(reverse("accounts:logout"))
        client.post(reverse("accounts:login"), {"username": "advisor-a", "password": PASSWORD})
        traveller.shift(timedelta(minutes=20))
        assert client.get(reverse("core:home")).status_code == 200


def test_an_htmx_request_of_an_expired_session_gets_hx_redirect(advisor_a):
    with time_machine.travel(START, tick=False) as traveller:
        client = form_login(advisor_a)
        traveller.shift(timedelta(minutes=31))
        response = client.get(reverse("businesses:list"), headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert response["HX-Redirect"] == reverse("accounts:login")
        assert b"<form" not in response.content
        assert EXPIRED_MESSAGE in client.get(reverse("accounts:login")).content.decode()


def test_an_htmx_request_without_a_session_gets_hx_redirect_not_the_login_page(client):
    response = client.get(reverse("businesses:list"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_expiry_rule_alone():
    session = {}
    sessions.touch(session, 1000.0)
    assert not sessions.expired(session, 1000.0 + 29 * 60)
    assert sessions.expired(session, 1000.0 + 30 * 60)
    assert sessions.expired({sessions.STARTED: 0, sessions.SEEN: 12 * 3600 - 1}, 12 * 3600)
    assert not sessions.expired({}, 10**9)


def test_a_busy_session_is_not_written_on_every_request():
    session = {}
    sessions.touch(session, 1000.0)
    sessions.touch(session, 1030.0)
    assert session[sessions.SEEN] == 1000
    sessions.touch(session, 1060.0)
    assert session[sessions.SEEN] == 1060
