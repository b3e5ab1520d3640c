"""The chamber's audit page: filters, tenancy, constant queries, Japanese words."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from bansou.audit.models import AuditEntry
from bansou.audit.services import log_action, log_event
from bansou.testing import csv_rows, download, login

URL = reverse("audit:list")


def _change(business, actor, old="旧名", new="新名"):
    return log_action(
        business,
        "businesses.business.updated",
        actor,
        {"name": {"label": "名称", "old": old, "new": new}},
    )


def _shown(response) -> list[int]:
    return [row["entry"].pk for row in response.context["rows"]]


@pytest.fixture
def entries(business_a, business_b, advisor_a, admin_a, advisor_b):
    with time_machine.travel("2024-04-01T10:00:00+09:00"):
        early = _change(business_a, advisor_a)
    with time_machine.travel("2024-05-01T10:00:00+09:00"):
        viewed = log_action(business_a, "businesses.business.viewed", admin_a)
        failed = log_event(
            "accounts.user.login_failed",
            None,
            organization_id=business_a.organization_id,
            target_repr="advisor-a",
            changes={"username": {"label": "ユーザー名", "old": None, "new": "advisor-a"}},
        )
    other = _change(business_b, advisor_b, new="さくら")
    AuditEntry.objects.filter(action="accounts.user.logged_in")  # logins come with the client
    return {"early": early, "viewed": viewed, "failed": failed, "other": other}


def test_the_page_lists_the_chambers_entries_in_japanese(entries, admin_a):
    response = login(admin_a).get(URL)
    assert response.status_code == 200
    shown = _shown(response)
    assert entries["other"].pk not in shown
    assert {entries["early"].pk, entries["viewed"].pk, entries["failed"].pk} <= set(shown)
    page = response.content.decode()
    assert "事業者を変更" in page and "ログイン失敗" in page and "事業者を閲覧" in page
    assert "旧名 → 新名" in page
    assert ">businesses.business.updated<" not in page  # codes only as option values


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "businesses.business.updated"}, ["early"]),
        ({"action": "accounts.user.login_failed"}, ["failed"]),
        ({"target_type": "businesses.business"}, ["viewed", "early"]),
        ({"date_from": "2024/04/15", "date_to": "2024/05/01"}, ["failed", "viewed"]),
        ({"date_to": "令和6年4月1日"}, ["early"]),
        ({"q": "旧名", "date_from": "2024/01/01"}, ["early"]),
        ({"q": "さくら", "date_from": "2024/01/01"}, []),
    ],
)
def test_filters(entries, admin_a, params, expected):
    response = login(admin_a).get(URL, params)
    shown = [pk for pk in _shown(response) if pk in {e.pk for e in entries.values()}]
    assert shown == [entries[name].pk for name in expected]


def test_the_user_filter(entries, admin_a, advisor_a):
    response = login(admin_a).get(URL, {"user": advisor_a.pk})
    assert entries["early"].pk in _shown(response)
    assert all(row["entry"].actor_id == advisor_a.pk for row in response.context["rows"])


def test_another_chambers_user_is_not_a_choice(entries, admin_a, advisor_b):
    response = login(admin_a).get(URL, {"user": advisor_b.pk})
    assert response.status_code == 200
    assert _shown(response) == []
    assert response.context["filter_form"].errors["user"]


def test_a_reversed_period_gets_a_japanese_message(entries, admin_a):
    response = login(admin_a).get(URL, {"date_from": "2024/05/01", "date_to": "2024/04/01"})
    assert "期間の終わりが始まりより前です" in response.content.decode()
    assert _shown(response) == []


def test_another_chambers_admin_sees_none_of_it(entries, chamber_b):
    from bansou.accounts.models import Role
    from bansou.testing import make_user

    admin_b = make_user(chamber_b, Role.ADMIN, "admin-b")
    response = login(admin_b).get(URL)
    shown = set(_shown(response))
    assert entries["other"].pk in shown
    assert not shown & {entries["early"].pk, entries["viewed"].pk, entries["failed"].pk}


def test_constant_queries_whatever_the_page_holds(business_a, advisor_a, admin_a):
    client = login(admin_a)
    client.get(URL)  # the login entry and the first questionnaire are behind us
    _change(business_a, advisor_a)
    from bansou.testing import count_queries

    one = count_queries(lambda: client.get(URL))
    for n in range(30):
        _change(business_a, advisor_a, new=f"名前{n}")
    many = count_queries(lambda: client.get(URL, {"per_page": 50}))
    assert many == one


def test_the_download_has_the_filter_and_is_logged_itself(entries, admin_a):
    content = download(
        login(admin_a), reverse("audit:export"), format="csv", action="businesses.business.updated"
    )
    rows = csv_rows(content)
    assert rows[0][:3] == ["日時", "ユーザー", "操作"]
    assert [r[2] for r in rows[1:]] == ["事業者を変更"]
    assert "名称: 旧名 → 新名" in rows[1][5]
    logged = AuditEntry.objects.get(action="audit.auditentry.exported")
    assert logged.changes["rows"] == 1 and logged.actor == admin_a


def test_the_page_is_fast_to_filter_by_time(business_a, advisor_a, admin_a):
    """Entries older than the period are not read: the newest come first."""
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        old = _change(business_a, advisor_a)
    response = login(admin_a).get(URL, {"date_from": timezone.localdate().strftime("%Y/%m/%d")})
    assert old.pk not in _shown(response)


def test_text_without_a_start_date_searches_the_last_three_months(business_a, advisor_a, admin_a):
    with time_machine.travel(timezone.now() - timedelta(days=100)):
        old = _change(business_a, advisor_a, new="古い記録")
    recent = _change(business_a, advisor_a, new="新しい記録")
    client = login(admin_a)
    assert _shown(client.get(URL, {"q": "記録"})) == [recent.pk]
    widened = client.get(URL, {"q": "記録", "date_from": "2020/01/01"})
    assert _shown(widened) == [recent.pk, old.pk]
