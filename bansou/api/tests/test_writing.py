"""Creating support records through the API: the page's service, rules and audit entry."""

import json
from datetime import datetime

import pytest
from django.test import override_settings

from bansou.audit.models import AuditEntry
from bansou.support.models import LOCAL_TZ, SupportRecord


def payload(business, **changes) -> dict:
    return {
        "business_id": business.pk,
        "occurred_at": "2024-06-03T10:00:00+09:00",
        "channel": "visit",
        "themes": ["cash_flow", "subsidy"],
        "support": "補助金の申請書を確認した。",
        "next_action": "見積書を受け取る",
        "next_action_due": "2024-06-10",
        **changes,
    }


def post(client, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/api/support-records", data, content_type="application/json", **extra)


def test_a_writer_creates_a_support_record(api_as, advisor_a, business_a):
    response = post(api_as(advisor_a), payload(business_a))
    assert response.status_code == 201, response.content
    body = response.json()
    record = SupportRecord.objects.get(pk=body["id"])
    assert record.staff == advisor_a
    assert record.business == business_a
    assert body["themes"] == ["cash_flow", "subsidy"]
    assert body["occurred_on"] == "2024-06-03"
    entry = AuditEntry.objects.get(action="support.record.created", target_id=record.pk)
    assert entry.actor == advisor_a


@pytest.mark.parametrize("persona", ["committee_a", "expert_a"])
def test_readers_who_may_not_write_get_403(persona, request, api_as, assigned_business):
    response = post(api_as(request.getfixturevalue(persona)), payload(assigned_business))
    assert response.status_code == 403
    assert not SupportRecord.objects.exists()


def test_another_chambers_business_is_404_and_nothing_is_written(api_as, advisor_b, business_a):
    response = post(api_as(advisor_b), payload(business_a))
    assert response.status_code == 404
    assert response.json()["detail"] == "その事業者はこの商工会議所・商工会に登録されていません。"
    assert not SupportRecord.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"occurred_at": "2999-01-01T10:00:00+09:00"}, "未来の日付"),
        ({"next_action_due": "2024-06-01"}, "次回対応期日"),
    ],
)
def test_a_rule_of_the_service_is_422_in_japanese(changes, message, api_as, advisor_a, business_a):
    response = post(api_as(advisor_a), payload(business_a, **changes))
    assert response.status_code == 422
    assert message in response.json()["detail"], response.json()
    assert not SupportRecord.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"channel": "fax"}, "channel", "スキーマに記載された値のいずれかを指定してください。"),
        ({"themes": []}, "themes", "リストの要素が足りません。"),
        ({"support": "前\x00後"}, "support", "文字列にNUL文字が含まれています。"),
        ({"occurred_at": "2024-06-03T10:00:00"}, "occurred_at", None),
        ({"occurred_at": "0001-01-01T00:00:00+14:00"}, "occurred_at", None),
        ({"business_id": 2**70}, "business_id", "値が大きすぎます。"),
        ({"business_id": "abc"}, "business_id", "整数を入力してください。"),
        ({"staff_id": 1}, "staff_id", "この項目は受け付けていません。"),
        ({"duration_minutes": 0}, "duration_minutes", "値が小さすぎます。"),
        (
            {"support": "", "next_action": "", "next_action_due": None},
            "body",
            "業況・現状の課題・分析内容・支援内容・支援対応方法のうち少なくとも1つを入力してください。",
        ),
        (
            {"next_action": " "},
            "body",
            "期日を入力した場合は次回の対応の内容を入力してください。",
        ),
    ],
)
def test_a_value_that_is_not_valid_is_422(changes, field, message, api_as, advisor_a, business_a):
    response = post(api_as(advisor_a), payload(business_a, **changes))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "リクエストに正しくない値があります。何も保存していません。"
    assert field in body["errors"][0]["loc"]
    if message:
        assert body["errors"][0]["message"] == message
    assert not SupportRecord.objects.exists()


def test_a_body_that_is_not_json_is_400(api_as, advisor_a):
    for body in ("{", "\x00", b"\xff\xfe"):
        response = post(api_as(advisor_a), body)
        assert response.status_code in (400, 422), body
        assert response["Content-Type"].startswith("application/json")


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_oversized_body_is_413(api_as, advisor_a, business_a):
    response = post(api_as(advisor_a), payload(business_a, support="あ" * 2000))
    assert response.status_code == 413
    assert response.json()["detail"] == "リクエスト本文が大きすぎます。"
    assert not SupportRecord.objects.exists()


def test_a_token_needs_no_csrf_token_and_a_session_gets_no_write(api_as, advisor_a, business_a):
    from django.test import Client

    secret = api_as(advisor_a).defaults["HTTP_AUTHORIZATION"]
    with_token = Client(enforce_csrf_checks=True, headers={"Authorization": secret})
    assert post(with_token, payload(business_a)).status_code == 201
    with_session = Client(enforce_csrf_checks=True)
    with_session.force_login(advisor_a)
    assert post(with_session, payload(business_a)).status_code == 401
    assert SupportRecord.objects.count() == 1


def test_a_record_without_its_time_of_day_is_stored_at_the_days_midnight(
    api_as, advisor_a, business_a
):
    body = {"occurred_at": "2024-06-03T00:30:00+00:00", "time_known": False}
    response = post(api_as(advisor_a), payload(business_a, **body))
    assert response.status_code == 201, response.content
    stored = datetime.fromisoformat(response.json()["occurred_at"])
    assert stored == datetime(2024, 6, 3, tzinfo=LOCAL_TZ)
    assert response.json()["occurred_on"] == "2024-06-03"
    assert response.json()["time_known"] is False
