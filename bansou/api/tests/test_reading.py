"""Reading through the API: tenancy, visibility, cursor paging, filters and the audit trail."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client

from bansou.audit.models import AuditEntry
from bansou.support.models import SupportRecord
from bansou.support.tests.factories import make_record, tokyo
from bansou.testing import count_queries

from .access import PATHS


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("path", sorted(set(PATHS.values())))
def test_a_list_holds_only_the_own_chambers_rows(path, api_as, advisor_a, data_a, data_b):
    assert ids(api_as(advisor_a).get(f"/api/{path}")) == [data_a[path].pk]


@pytest.mark.parametrize("path", sorted(set(PATHS.values())))
def test_another_chambers_object_is_404(path, api_as, advisor_b, data_a):
    response = api_as(advisor_b).get(f"/api/{path}/{data_a[path].pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "見つかりません（または他の商工会議所・商工会のものです）。"


@pytest.mark.parametrize("path", sorted(set(PATHS.values())))
def test_an_expert_reads_only_assigned_businesses(path, api_as, expert_a, data_a, unassigned_a):
    client = api_as(expert_a)
    assert ids(client.get(f"/api/{path}")) == [data_a[path].pk]
    assert client.get(f"/api/{path}/{data_a[path].pk}").status_code == 200
    assert client.get(f"/api/{path}/{unassigned_a[path].pk}").status_code == 404


@pytest.mark.parametrize("path", sorted(set(PATHS.values())))
def test_a_committee_member_reads_no_business_records(path, api_as, committee_a, data_a):
    response = api_as(committee_a).get(f"/api/{path}")
    assert response.status_code == 403
    assert response.json()["detail"] == "この操作はあなたの役割では行えません。"


def test_the_detail_has_the_records_fields(api_as, advisor_a, data_a):
    record = data_a["support-records"]
    body = api_as(advisor_a).get(f"/api/support-records/{record.pk}").json()
    assert body["business_id"] == record.business_id
    assert body["staff"] == str(advisor_a)
    assert body["themes"] == ["cash_flow"]
    assert body["next_action"] == "決算書を受け取る"
    assert body["fiscal_year"] == 2024
    plan = api_as(advisor_a).get(f"/api/business-plans/{data_a['business-plans'].pk}").json()
    assert [t["fiscal_year"] for t in plan["year_targets"]] == [2024, 2025, 2026]


def test_the_cursor_walks_every_row_once_in_update_order(api_as, advisor_a, business_a):
    start = datetime(2026, 1, 5, 9, 0, tzinfo=tokyo(2026, 1, 5).tzinfo)
    made = []
    for minute in range(5):
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            made.append(make_record(business_a, advisor_a, when=tokyo(2025, 12, 1 + minute)))
    client = api_as(advisor_a)
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/support-records", params).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [record.pk for record in made]
    assert pages == 3


def test_a_record_changed_during_the_walk_comes_again_at_the_end(api_as, advisor_a, business_a):
    first = make_record(business_a, advisor_a, when=tokyo(2025, 12, 1))
    second = make_record(business_a, advisor_a, when=tokyo(2025, 12, 2))
    client = api_as(advisor_a)
    page = client.get("/api/support-records", {"limit": 1}).json()
    assert [item["id"] for item in page["items"]] == [first.pk]
    first.support = "追記"
    first.save()
    rest = client.get("/api/support-records", {"limit": 5, "cursor": page["next_cursor"]})
    assert ids(rest) == [second.pk, first.pk]


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "e30",  # {}
        "W10",  # []
        "WyIyMDI0LTAxLTAxVDAwOjAwOjAwIiwxXQ",  # a moment without a time zone
        "WyIyMDI0LTAxLTAxVDAwOjAwOjAwKzA5OjAwIiwwXQ",  # id 0
        "WyIyMDI0LTAxLTAxVDAwOjAwOjAwKzA5OjAwIiwiMSJd",  # id as text
        "☃",
    ],
)
def test_a_cursor_not_written_by_the_api_is_400(cursor, api_as, advisor_a):
    response = api_as(advisor_a).get("/api/support-records", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "カーソルが正しくありません。カーソルを付けずに最初から取得し直してください。"
    )


def test_nul_in_a_query_parameter_is_422(api_as, advisor_a):
    client = api_as(advisor_a)
    for params in ({"cursor": "a\x00b"}, {"q": "青葉\x00"}):
        response = client.get("/api/businesses", params)
        assert response.status_code == 422, params
        assert response.json()["errors"][0]["message"] == "文字列にNUL文字が含まれています。"


@pytest.mark.parametrize("pk", ["abc", "0", "-1", "99999999999999999999", "1.5", "１"])
def test_a_malformed_id_is_a_json_4xx(pk, api_as, advisor_a):
    response = api_as(advisor_a).get(f"/api/support-records/{pk}")
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["loc"] == ["path", "id"]


def test_updated_since_returns_only_what_changed(api_as, advisor_a, business_a):
    with time_machine.travel(datetime(2026, 1, 5, 9, 0, tzinfo=tokyo(2026, 1, 5).tzinfo)):
        old = make_record(business_a, advisor_a, when=tokyo(2025, 12, 1))
        changed = make_record(business_a, advisor_a, when=tokyo(2025, 12, 2))
    with time_machine.travel(datetime(2026, 2, 1, 9, 0, tzinfo=tokyo(2026, 2, 1).tzinfo)):
        changed.support = "追記"
        changed.save()
    client = api_as(advisor_a)
    since = {"updated_since": "2026-01-20T00:00:00+09:00"}
    assert ids(client.get("/api/support-records", since)) == [changed.pk]
    assert ids(client.get("/api/support-records")) == [old.pk, changed.pk]
    naive = client.get("/api/support-records", {"updated_since": "2026-01-20T00:00:00"})
    assert naive.status_code == 422


def test_filters_of_the_lists(api_as, advisor_a, data_a, unassigned_a):
    client = api_as(advisor_a)
    business = data_a["businesses"]
    assert ids(client.get("/api/support-records", {"business_id": business.pk})) == [
        data_a["support-records"].pk
    ]
    assert ids(client.get("/api/support-records", {"fiscal_year": 2023})) == []
    assert ids(client.get("/api/support-records", {"channel": "desk"})) == []
    assert ids(client.get("/api/businesses", {"q": "カワグチ"})) == [unassigned_a["businesses"].pk]
    assert ids(client.get("/api/followup-reports", {"group": 1, "business_id": business.pk})) == [
        data_a["followup-reports"].pk
    ]
    assert client.get("/api/support-records", {"channel": "fax"}).status_code == 422


def test_a_read_is_recorded_in_the_audit_trail(api_as, advisor_a, data_a):
    client = api_as(advisor_a)
    before = AuditEntry.objects.filter(action="api.records.read").count()
    client.get("/api/support-records", {"fiscal_year": 2024})
    client.get(f"/api/businesses/{data_a['businesses'].pk}")
    entries = list(AuditEntry.objects.filter(action="api.records.read").order_by("pk"))[before:]
    assert [(e.actor, e.changes["resource"]["new"], e.changes["rows"]["new"]) for e in entries] == [
        (advisor_a, "support-records", 1),
        (advisor_a, "businesses", 1),
    ]
    assert entries[0].changes["query"]["new"] == {"fiscal_year": 2024, "limit": 50}
    assert entries[0].organization_id == advisor_a.organization_id


def test_a_refused_read_writes_no_audit_entry(api_as, committee_a, data_a):
    api_as(committee_a).get("/api/support-records")
    assert not AuditEntry.objects.filter(action="api.records.read").exists()


@pytest.mark.parametrize("path", sorted(set(PATHS.values())))
def test_a_list_runs_the_same_queries_for_one_row_as_for_many(path, api_as, advisor_a, chamber_a):
    from bansou.testing import make_business

    from .factories import records_of

    client = api_as(advisor_a)
    records_of(make_business(chamber_a, name="一社目", name_kana="イッシャメ"), advisor_a)
    client.get(f"/api/{path}")  # the token's last use is written once a minute, not per call
    one = count_queries(lambda: client.get(f"/api/{path}"))
    for n in range(3):
        records_of(make_business(chamber_a, name=f"他社{n}", name_kana="タシャ"), advisor_a)
    many = count_queries(lambda: client.get(f"/api/{path}"))
    assert len(client.get(f"/api/{path}").json()["items"]) == 4
    assert one == many


def test_the_sessions_cookie_is_not_enough(advisor_a, data_a):
    client = Client()
    client.force_login(advisor_a)
    response = client.get("/api/support-records")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "APIトークン" in response.json()["detail"]


def test_records_of_one_business_keep_their_sort_independent_of_paging(api_as, advisor_a, data_a):
    # The list's order is (updated_at, id), not the pages' newest-first order.
    body = api_as(advisor_a).get("/api/support-records").json()
    assert body["next_cursor"] is None
    assert SupportRecord.objects.count() == 1


def test_an_undeclared_parameter_is_ignored_and_not_logged(api_as, advisor_a, data_a):
    # PostgreSQL's jsonb refuses U+0000: the raw query string must not reach the audit log.
    response = api_as(advisor_a).get("/api/businesses", {"other": "a\x00b"})
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="api.records.read").get()
    assert entry.changes["query"]["new"] == {"limit": 50}
