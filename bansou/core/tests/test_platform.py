"""Settings helpers, security headers and the SQLite configuration the issue fixes."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse

from bansou.env import env_bool, env_int, env_list, read_or_create_secret_key
from bansou.testing import login


def test_env_helpers_are_strict(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 0) == 12
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL")
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 0)


def test_secret_key_is_made_once_and_kept(tmp_path):
    path = tmp_path / "secret_key"
    first = read_or_create_secret_key(path)
    assert len(first) > 40
    assert read_or_create_secret_key(path) == first
    assert oct(path.stat().st_mode)[-3:] == "600"


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(advisor_a):
    response = login(advisor_a).get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()  # no inline script to allow


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
def test_committee_member_home_shows_no_business_data(committee_a, business_a):
    response = login(committee_a).get(reverse("core:home"))
    assert response.status_code == 200
    assert "register" not in response.context
    assert business_a.name not in response.content.decode()
