"""Logins, logouts and login failures leave entries with the client's address."""

import pytest
from django.test import Client
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.testing import PASSWORD, login

ADDRESS = "192.0.2.10"


@pytest.fixture
def client():
    return Client(REMOTE_ADDR=ADDRESS)


def test_login_and_logout(client, advisor_a):
    response = client.post(
        reverse("accounts:login"), {"username": "advisor-a", "password": PASSWORD}
    )
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [e.action for e in entries] == ["accounts.user.logged_in", "accounts.user.logged_out"]
    for entry in entries:
        assert entry.actor == advisor_a
        assert entry.organization == advisor_a.organization
        assert entry.ip_address == ADDRESS
        assert entry.target_id == advisor_a.pk


def test_failure_of_a_known_user_is_their_chambers(client, advisor_a):
    client.post(reverse("accounts:login"), {"username": "advisor-a", "password": "wrong"})
    entry = AuditEntry.objects.get()
    assert entry.action == "accounts.user.login_failed"
    assert entry.actor is None
    assert entry.organization == advisor_a.organization
    assert entry.target_id == advisor_a.pk
    assert entry.ip_address == ADDRESS


def test_failure_of_an_unknown_name_is_operator_level(client, chamber_a):
    client.post(reverse("accounts:login"), {"username": "nobody-here", "password": "x"})
    entry = AuditEntry.objects.get()
    assert entry.action == "accounts.user.login_failed"
    assert entry.organization is None and entry.target_id is None
    assert entry.actor_name == "nobody-here"
    assert entry.changes["username"]["new"] == "nobody-here"
    assert entry.ip_address == ADDRESS


def test_password_change(advisor_a):
    client = login(advisor_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-Password-456",
            "new_password2": "another-Password-456",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="accounts.user.password_changed")
    assert entry.actor == advisor_a and entry.target_id == advisor_a.pk
    assert PASSWORD not in str(entry.changes) and "another" not in str(entry.changes)


def test_locked_out_call_of_the_lockout_helper_stays_compatible(advisor_a):
    """The lockout helper calls log_action(user, action, actor=None, changes={...})."""
    from bansou.audit.services import log_action

    entry = log_action(advisor_a, "accounts.user.locked_out", actor=None, changes={"n": 5})
    assert entry.organization_id == advisor_a.organization_id and entry.actor is None
