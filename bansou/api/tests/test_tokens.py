"""API tokens: stored hashed, shown once, revoked by their user, refused once revoked or expired."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bansou.api.models import ApiToken
from bansou.api.services import MAX_TOKENS_PER_USER, authenticate, create_token, revoke_token
from bansou.api.tokens import token_hash
from bansou.audit.models import AuditEntry
from bansou.core.errors import DomainError
from bansou.testing import login


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_only_the_hash_is_stored(advisor_a):
    created = create_token(advisor_a, name="会計ソフト連携")
    stored = ApiToken.objects.get()
    assert created.secret.startswith("bansou_")
    assert stored.token_hash == token_hash(created.secret) != created.secret
    assert created.secret not in {getattr(stored, f.attname) for f in ApiToken._meta.fields}
    assert stored.prefix == created.secret[:12]


def test_a_token_acts_as_its_user_and_records_its_last_use(advisor_a, data_a):
    created = create_token(advisor_a, name="連携")
    assert bearer(created.secret).get("/api/businesses").status_code == 200
    created.token.refresh_from_db()
    assert created.token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "Token x",
        "Bearer bansou_unknown",
        "Bearer bansou_\x00",
        "Basic eDp5",
    ],
)
def test_a_missing_or_unknown_token_is_401(header, advisor_a, data_a):
    client = Client(headers={"Authorization": header} if header else {})
    response = client.get("/api/businesses")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("有効なAPIトークンが必要です")


def test_a_revoked_token_is_refused(advisor_a, data_a):
    created = create_token(advisor_a, name="連携")
    revoke_token(created.token, actor=advisor_a)
    assert bearer(created.secret).get("/api/businesses").status_code == 401


def test_an_expired_token_is_refused(advisor_a, data_a):
    created = create_token(advisor_a, name="連携", expires_at=timezone.now() + timedelta(days=1))
    assert bearer(created.secret).get("/api/businesses").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert bearer(created.secret).get("/api/businesses").status_code == 401


def test_a_deactivated_user_s_token_is_refused(advisor_a, data_a):
    created = create_token(advisor_a, name="連携")
    advisor_a.is_active = False
    advisor_a.save()
    assert authenticate(created.secret) is None


def test_a_user_who_changed_chamber_loses_the_token(advisor_a, chamber_b, data_a):
    created = create_token(advisor_a, name="連携")
    advisor_a.organization = chamber_b
    advisor_a.save()
    assert authenticate(created.secret) is None


def test_creation_and_revocation_are_audited(advisor_a):
    created = create_token(advisor_a, name="連携")
    revoke_token(created.token, actor=advisor_a)
    actions = list(
        AuditEntry.objects.filter(target_id=created.token.pk, target_type="api.apitoken")
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [("api.token.created", advisor_a.pk), ("api.token.revoked", advisor_a.pk)]
    assert created.secret not in str(AuditEntry.objects.values_list("changes", flat=True)[0])


def test_a_user_has_a_bounded_number_of_valid_tokens(advisor_a):
    for n in range(MAX_TOKENS_PER_USER):
        create_token(advisor_a, name=f"t{n}")
    with pytest.raises(DomainError):
        create_token(advisor_a, name="one too many")


def test_the_page_shows_the_new_token_once(advisor_a):
    client = login(advisor_a)
    response = client.post(reverse("api:tokens"), {"name": "会計ソフト連携", "expires_on": ""})
    assert response.status_code == 200
    secret = response.context["created"].secret
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    again = client.get(reverse("api:tokens")).content.decode()
    assert "会計ソフト連携" in again and secret not in again
    assert "APIトークン" in again


def test_the_page_refuses_a_past_expiry_date(advisor_a):
    response = login(advisor_a).post(
        reverse("api:tokens"), {"name": "連携", "expires_on": "2020-01-01"}
    )
    assert response.context["created"] is None
    assert "有効期限には今日以降の日付を指定してください。" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_page_lists_only_the_users_own_tokens(advisor_a, admin_a):
    create_token(admin_a, name="管理者の連携")
    create_token(advisor_a, name="自分の連携")
    page = login(advisor_a).get(reverse("api:tokens")).content.decode()
    assert "自分の連携" in page and "管理者の連携" not in page


def test_revoking_on_the_page(advisor_a, admin_a):
    mine = create_token(advisor_a, name="連携").token
    theirs = create_token(admin_a, name="管理者").token
    client = login(advisor_a)
    assert client.post(reverse("api:revoke_token", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("api:revoke_token", args=[mine.pk]), follow=True)
    assert "トークン「連携」を無効にしました。" in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_the_header_links_to_the_token_page(advisor_a):
    page = login(advisor_a).get(reverse("core:home")).content.decode()
    assert reverse("api:tokens") in page
