"""Login throttling: wrong passwords lock a user name and address out, and are logged."""

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse

from bansou.accounts.lockout import LOCKED_OUT, LOCKOUT_LIFTED, client_address, current_lockouts
from bansou.accounts.models import Role
from bansou.audit.models import AuditEntry
from bansou.testing import PASSWORD, count_queries, login, make_user

pytestmark = pytest.mark.django_db

LOCKED_MESSAGE = "ログインの失敗が続いたため"
START = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)


def attempt(client, username, password="wrong-password", address="10.0.0.1", url=None):
    return client.post(
        url or reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        assert attempt(client, username, address=address).status_code in (200, 429)


def test_five_wrong_passwords_lock_the_user_out_even_with_the_right_one(client, advisor_a):
    fail(client, advisor_a.username, 4)
    response = attempt(client, advisor_a.username)
    assert response.status_code == 429
    response = attempt(client, advisor_a.username, password=PASSWORD)
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_message_does_not_tell_whether_the_user_name_exists(client, advisor_a):
    fail(client, advisor_a.username, 5)
    fail(client, "nobody-here", 5)
    known = attempt(client, advisor_a.username).content.decode()
    unknown = attempt(client, "nobody-here").content.decode()
    assert LOCKED_MESSAGE in known and LOCKED_MESSAGE in unknown
    assert without_tokens(known) == without_tokens(unknown)


def without_tokens(page: str) -> str:
    return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', "", page)


def test_the_lockout_ends_after_the_configured_minutes(client, advisor_a):
    with time_machine.travel(START, tick=False) as traveller:
        fail(client, advisor_a.username, 5)
        traveller.shift(timedelta(minutes=14))
        assert attempt(client, advisor_a.username, password=PASSWORD).status_code == 429
        traveller.shift(timedelta(minutes=2))
        assert attempt(client, advisor_a.username, password=PASSWORD).status_code == 302


@override_settings(BANSOU_LOCKOUT_MINUTES=3, AXES_COOLOFF_TIME=timedelta(minutes=3))
def test_the_minutes_come_from_the_settings(client, advisor_a):
    with time_machine.travel(START, tick=False) as traveller:
        fail(client, advisor_a.username, 5)
        traveller.shift(timedelta(minutes=2))
        assert attempt(client, advisor_a.username, password=PASSWORD).status_code == 429
        traveller.shift(timedelta(minutes=2))
        assert attempt(client, advisor_a.username, password=PASSWORD).status_code == 302


def test_a_lockout_of_one_address_leaves_the_user_free_elsewhere(client, advisor_a):
    fail(client, advisor_a.username, 5, address="10.0.0.1")
    assert attempt(client, advisor_a.username, PASSWORD, address="10.0.0.2").status_code == 302


@override_settings(BANSOU_LOCKOUT_ACCOUNT_FAILURES=8)
def test_a_user_name_tried_from_many_addresses_is_locked_everywhere(client, advisor_a):
    for n in range(8):
        attempt(client, advisor_a.username, address=f"10.0.1.{n}")
    assert attempt(client, advisor_a.username, PASSWORD, address="10.0.2.1").status_code == 429


@override_settings(BANSOU_LOCKOUT_ADDRESS_FAILURES=9)
def test_an_address_trying_many_user_names_is_locked_for_all(client, advisor_a):
    for n in range(9):
        attempt(client, f"guess-{n}", address="10.0.0.9")
    assert attempt(client, advisor_a.username, PASSWORD, address="10.0.0.9").status_code == 429
    assert attempt(client, advisor_a.username, PASSWORD, address="10.0.0.8").status_code == 302


def test_a_successful_login_forgets_the_failures_of_that_user_and_address(client, advisor_a):
    fail(client, advisor_a.username, 4)
    assert attempt(client, advisor_a.username, password=PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    fail(client, advisor_a.username, 4)
    assert attempt(client, advisor_a.username, password=PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, admin_a):
    url = reverse("admin:login")
    for _ in range(5):
        attempt(client, admin_a.username, url=url)
    response = attempt(client, admin_a.username, password=PASSWORD, url=url)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_each_failure_is_one_log_line_without_the_password(client, advisor_a, caplog):
    with caplog.at_level(logging.WARNING, logger="bansou.security"):
        attempt(client, advisor_a.username, password="secret-guess-1")
    lines = [r.getMessage() for r in caplog.records if r.name == "bansou.security"]
    assert len(lines) == 1
    assert "advisor-a" in lines[0] and "10.0.0.1" in lines[0] and "\n" not in lines[0]
    assert "secret-guess-1" not in caplog.text


def test_a_lockout_of_a_known_user_is_in_the_audit_trail_once(client, advisor_a):
    fail(client, advisor_a.username, 4)
    attempt(client, advisor_a.username)
    attempt(client, advisor_a.username)
    entries = AuditEntry.objects.filter(action=LOCKED_OUT)
    assert [(e.target_id, e.organization_id, e.actor_id) for e in entries] == [
        (advisor_a.pk, advisor_a.organization_id, None)
    ]
    assert entries[0].changes["address"]["new"] == "10.0.0.1"


def test_a_lockout_of_an_unknown_user_name_writes_no_audit_entry(client, chamber_a):
    fail(client, "nobody-here", 5)
    assert not AuditEntry.objects.filter(action=LOCKED_OUT).exists()


def test_a_forced_login_in_tests_is_not_blocked(advisor_a, client):
    fail(client, advisor_a.username, 5)
    assert login(advisor_a).get(reverse("core:home")).status_code == 200


# --- the client's address ------------------------------------------------------------------


def request_with(remote="192.0.2.10", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_the_address_is_remote_addr_and_a_forwarded_header_is_ignored_by_default():
    assert client_address(request_with(forwarded="203.0.113.5")) == "192.0.2.10"


@override_settings(BANSOU_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_is_the_last_forwarded_one():
    # A client that sends its own header cannot choose its address: the proxy appends the real one.
    request = request_with(forwarded="198.51.100.7, 203.0.113.5")
    assert client_address(request) == "203.0.113.5"


@override_settings(BANSOU_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_address_is_the_second_from_the_right():
    assert client_address(request_with(forwarded="198.51.100.7, 203.0.113.5, 10.0.0.2")) == (
        "203.0.113.5"
    )
    # Shorter than the chain: the request did not come through the proxies.
    assert client_address(request_with(forwarded="203.0.113.5")) == "192.0.2.10"


@override_settings(BANSOU_TRUSTED_PROXY_COUNT=1)
def test_the_lockout_follows_the_forwarded_address_behind_a_proxy(client, advisor_a):
    for _ in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": advisor_a.username, "password": "x"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    other = client.post(
        reverse("accounts:login"),
        {"username": advisor_a.username, "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="203.0.113.6",
    )
    assert other.status_code == 302


# --- the chamber administrator's page ------------------------------------------------------


def test_the_admin_sees_the_chambers_lockouts_only(client, admin_a, advisor_a, advisor_b):
    fail(client, advisor_a.username, 5)
    fail(client, advisor_b.username, 5)
    lockouts = current_lockouts(admin_a.organization)
    assert [lock.user for lock in lockouts] == [advisor_a]
    page = login(admin_a).get(reverse("accounts:lockouts")).content.decode()
    assert advisor_a.username in page and advisor_b.username not in page
    assert "10.0.0.1" in page


def test_the_lockout_list_costs_the_same_queries_for_one_or_many(client, admin_a, chamber_a):
    admin = login(admin_a)
    url = reverse("accounts:lockouts")
    counts = []
    for n in range(4):
        user = make_user(chamber_a, Role.STAFF, f"staff-{n}")
        fail(client, user.username, 5)
        if n in (0, 3):
            counts.append(count_queries(lambda: admin.get(url)))
    assert counts[0] == counts[1]


def test_lifting_a_lockout_lets_the_user_in_and_is_audited(client, admin_a, advisor_a):
    fail(client, advisor_a.username, 5)
    response = login(admin_a).post(reverse("accounts:lockout_lift", args=[advisor_a.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=advisor_a.username).exists()
    entry = AuditEntry.objects.get(action=LOCKOUT_LIFTED)
    assert (entry.target_id, entry.actor_id) == (advisor_a.pk, admin_a.pk)
    assert attempt(client, advisor_a.username, password=PASSWORD).status_code == 302


def test_another_chambers_admin_cannot_lift_it(client, chamber_b, advisor_a):
    admin_b = make_user(chamber_b, Role.ADMIN, "admin-b")
    fail(client, advisor_a.username, 5)
    response = login(admin_b).post(reverse("accounts:lockout_lift", args=[advisor_a.pk]))
    assert response.status_code == 404
    assert AccessAttempt.objects.filter(username=advisor_a.username).exists()


def test_lifting_needs_a_post_with_csrf(admin_a, advisor_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_a)
    response = client.post(reverse("accounts:lockout_lift", args=[advisor_a.pk]))
    assert response.status_code == 403
