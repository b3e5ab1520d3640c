"""The optional second factor: set-up, the code after the password, backup codes, turning it off,
a chamber's requirement, the admin site, and refusals (wrong, reused, throttled, another's)."""

import time
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from bansou.accounts import second_factor
from bansou.audit.models import AuditEntry
from bansou.testing import PASSWORD, login

pytestmark = pytest.mark.django_db

WRONG = "コードが正しくないか、すでに使用されています"


def code_for(device: TOTPDevice, shift_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + shift_steps * device.step
    return f"{totp.token():06d}"


def with_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    StaticToken.objects.create(device=backup, token="backup01")
    return device


def form_login(user) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def enter(client, code, url=None):
    return client.post(url or reverse("accounts:verify"), {"code": code})


# --- set-up --------------------------------------------------------------------------------


def test_the_account_page_links_the_password_change_and_the_set_up(advisor_a):
    page = login(advisor_a).get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:password_change") in page
    assert reverse("accounts:second_factor_setup") in page
    assert "アカウント設定" in page and "2段階認証" in page


def test_the_header_links_the_account_page(advisor_a):
    page = login(advisor_a).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("accounts:account")}"' in page


def test_set_up_shows_an_inline_qr_code_without_script_or_style(advisor_a):
    page = login(advisor_a).get(reverse("accounts:second_factor_setup")).content.decode()
    assert "<svg" in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "style=" not in svg and "<script" not in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_set_up_is_confirmed_by_a_code_and_gives_backup_codes(advisor_a):
    client = login(advisor_a)
    with time_machine.travel(datetime.now(UTC), tick=False):
        client.get(reverse("accounts:second_factor_setup"))
        device = TOTPDevice.objects.get(user=advisor_a)
        assert not device.confirmed
        response = enter(client, code_for(device), reverse("accounts:second_factor_setup"))
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    tokens = set(StaticToken.objects.filter(device__user=advisor_a).values_list("token", flat=True))
    assert len(tokens) == 10
    page = response.content.decode()
    assert all(token in page for token in tokens)
    assert AuditEntry.objects.filter(
        action="accounts.user.second_factor_enabled", target_id=advisor_a.pk
    ).exists()
    # The session that set it up is verified: it goes on without asking again.
    assert client.get(reverse("businesses:list")).status_code == 200


def test_a_wrong_code_does_not_turn_it_on(advisor_a):
    client = login(advisor_a)
    client.get(reverse("accounts:second_factor_setup"))
    response = enter(client, "000000", reverse("accounts:second_factor_setup"))
    assert WRONG in response.content.decode()
    assert not TOTPDevice.objects.filter(user=advisor_a, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=advisor_a).exists()


def test_another_users_key_does_not_confirm_my_set_up(advisor_a, admin_a):
    login(admin_a).get(reverse("accounts:second_factor_setup"))
    theirs = TOTPDevice.objects.get(user=admin_a)
    client = login(advisor_a)
    with time_machine.travel(datetime.now(UTC), tick=False):
        client.get(reverse("accounts:second_factor_setup"))
        response = enter(client, code_for(theirs), reverse("accounts:second_factor_setup"))
    assert WRONG in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


# --- the code after the password -----------------------------------------------------------


def test_after_the_password_a_user_with_a_device_reaches_only_the_code_page(advisor_a):
    device = with_device(advisor_a)
    client = form_login(advisor_a)
    for name in ("core:home", "businesses:list", "accounts:account", "admin:index"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert (
            response["Location"]
            == f"{reverse('accounts:verify')}?next={quote(reverse(name), safe='')}"
        )
    htmx = client.get(reverse("businesses:list"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == reverse("accounts:verify")
    assert client.get(reverse("accounts:verify")).status_code == 200
    with time_machine.travel(datetime.now(UTC), tick=False):
        response = client.post(
            reverse("accounts:verify"), {"code": code_for(device), "next": "/businesses/"}
        )
    assert response["Location"] == "/businesses/"
    assert client.get(reverse("businesses:list")).status_code == 200


def test_a_wrong_code_keeps_the_gate_closed_and_is_logged(advisor_a, caplog):
    with_device(advisor_a)
    client = form_login(advisor_a)
    response = enter(client, "123456")
    assert WRONG in response.content.decode()
    assert client.get(reverse("businesses:list")).status_code == 302
    assert "second factor refused: username='advisor-a' reason=wrong_code" in caplog.text


def test_a_used_code_cannot_be_used_again(advisor_a):
    device = with_device(advisor_a)
    with time_machine.travel(datetime.now(UTC), tick=False):
        code = code_for(device)
        first = form_login(advisor_a)
        assert enter(first, code).status_code == 302
        second = form_login(advisor_a)
        response = enter(second, code)
    assert WRONG in response.content.decode()
    assert second.get(reverse("core:home")).status_code == 302


def test_another_users_code_is_refused(advisor_a, admin_a):
    with_device(advisor_a)
    theirs = with_device(admin_a)
    client = form_login(advisor_a)
    with time_machine.travel(datetime.now(UTC), tick=False):
        response = enter(client, code_for(theirs))
    assert WRONG in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_wrong_codes_are_throttled(advisor_a):
    device = with_device(advisor_a)
    client = form_login(advisor_a)
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        enter(client, "000000")
        enter(client, "111111")
        # Right code, but too soon after two wrong ones (the wait doubles each time).
        response = enter(client, code_for(device))
        assert "しばらく入力できません" in response.content.decode()
        traveller.shift(timedelta(seconds=3))
        assert enter(client, code_for(device)).status_code == 302


def test_a_backup_code_works_once(advisor_a):
    with_device(advisor_a)
    assert enter(form_login(advisor_a), "backup01").status_code == 302
    again = form_login(advisor_a)
    assert WRONG in enter(again, "backup01").content.decode()


def test_the_operators_superuser_without_a_chamber_can_set_it_up(django_user_model):
    operator = django_user_model.objects.create_superuser("operator", password=PASSWORD)
    client = login(operator)
    with time_machine.travel(datetime.now(UTC), tick=False):
        client.get(reverse("accounts:second_factor_setup"))
        device = TOTPDevice.objects.get(user=operator)
        response = enter(client, code_for(device), reverse("accounts:second_factor_setup"))
    assert response.status_code == 200
    assert TOTPDevice.objects.get(user=operator).confirmed
    assert not AuditEntry.objects.filter(action__startswith="accounts.user.second_factor").exists()


def test_a_user_without_a_device_is_not_asked(advisor_a):
    client = form_login(advisor_a)
    assert client.get(reverse("businesses:list")).status_code == 200
    assert client.get(reverse("accounts:verify")).status_code == 302


# --- turning it off, new backup codes ------------------------------------------------------


def test_turning_it_off_needs_a_current_code(advisor_a):
    device = with_device(advisor_a)
    client = form_login(advisor_a)
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        enter(client, code_for(device))
        client.post(reverse("accounts:second_factor_disable"), {"code": "000000"})
        assert TOTPDevice.objects.filter(user=advisor_a).exists()
        traveller.shift(timedelta(seconds=60))
        client.post(reverse("accounts:second_factor_disable"), {"code": code_for(device)})
    assert not TOTPDevice.objects.filter(user=advisor_a).exists()
    assert not StaticDevice.objects.filter(user=advisor_a).exists()
    assert AuditEntry.objects.filter(action="accounts.user.second_factor_disabled").exists()
    client.post(reverse("accounts:logout"))
    assert form_login(advisor_a).get(reverse("businesses:list")).status_code == 200


def test_new_backup_codes_replace_the_old_ones(advisor_a):
    device = with_device(advisor_a)
    client = form_login(advisor_a)
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        enter(client, "backup01")
        traveller.shift(timedelta(seconds=60))
        response = client.post(reverse("accounts:backup_codes"), {"code": code_for(device)})
    assert response.status_code == 200
    tokens = StaticToken.objects.filter(device__user=advisor_a)
    assert tokens.count() == 10 and not tokens.filter(token="backup01").exists()


# --- a chamber's requirement ---------------------------------------------------------------


def test_a_required_user_without_a_device_can_only_set_it_up(advisor_a, chamber_a):
    chamber_a.require_second_factor = True
    chamber_a.save()
    client = form_login(advisor_a)
    for name in ("core:home", "businesses:list", "businesses:export", "accounts:account"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:second_factor_setup"))
    page = client.get(reverse("accounts:second_factor_setup")).content.decode()
    assert "続けるには設定してください" in page
    with time_machine.travel(datetime.now(UTC), tick=False):
        device = TOTPDevice.objects.get(user=advisor_a)
        enter(client, code_for(device), reverse("accounts:second_factor_setup"))
    assert client.get(reverse("businesses:list")).status_code == 200
    # Required: it cannot be turned off.
    client.post(reverse("accounts:second_factor_disable"), {"code": "backup"})
    assert TOTPDevice.objects.filter(user=advisor_a).exists()


def test_the_requirement_covers_admins_and_register_readers_not_the_committee(
    chamber_a, admin_a, advisor_a, expert_a, committee_a
):
    chamber_a.require_second_factor = True
    chamber_a.save()
    for user in (admin_a, advisor_a, expert_a):
        user.refresh_from_db()
        assert second_factor.is_required(user), user
    committee_a.refresh_from_db()
    assert not second_factor.is_required(committee_a)
    assert form_login(committee_a).get(reverse("core:home")).status_code == 200


def test_a_chamber_admin_sets_the_requirement_on_the_organization_page(admin_a, chamber_a):
    url = reverse("admin:organizations_organization_change", args=[chamber_a.pk])
    page = login(admin_a).get(url).content.decode()
    assert 'name="require_second_factor"' in page


# --- the admin site ------------------------------------------------------------------------


def test_the_admin_site_needs_the_verified_code(admin_a):
    device = with_device(admin_a)
    client = form_login(admin_a)
    assert client.get(reverse("admin:index")).status_code == 302
    with time_machine.travel(datetime.now(UTC), tick=False):
        enter(client, code_for(device))
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_site_itself_refuses_an_unverified_session(admin_a, rf):
    from django.contrib.sessions.backends.db import SessionStore

    from bansou.core.admin import site

    with_device(admin_a)
    request = rf.get("/admin/")
    request.session = SessionStore()
    request.session[second_factor.STATE] = second_factor.VERIFY
    admin_a.is_verified = lambda: False
    request.user = admin_a
    assert not site.has_permission(request)
    admin_a.is_verified = lambda: True
    assert site.has_permission(request)
