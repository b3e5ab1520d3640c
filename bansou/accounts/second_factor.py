"""The optional second factor (TOTP with backup codes, django-otp): rules and operations."""

import logging
from base64 import b32encode

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from bansou.audit.services import log_action
from bansou.core.errors import DomainError

from .models import RECORD_READERS, User

security_log = logging.getLogger("bansou.security")

# What the session still owes after the password (kept server-side in the session, set at
# login, so that pages do not query the devices on every request).
STATE = "bansou.second_factor"
VERIFY = "verify"  # the user has a device: the code is asked before anything else
SET_UP = "set_up"  # the chamber requires a device the user has not set up yet

BACKUP_CODES = 10
TOTP_NAME = "totp"
BACKUP_NAME = "backup"


def is_required(user: User) -> bool:
    """A chamber that requires it asks it of everyone who may download the register (every
    role that reaches businesses:export; administrators are among them)."""
    organization = user.organization if user.organization_id else None
    return bool(
        organization is not None
        and organization.require_second_factor
        and user.role in RECORD_READERS
    )


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def login_state(user: User) -> str:
    """What a fresh login still needs: VERIFY, SET_UP or nothing."""
    if has_device(user):
        return VERIFY
    if is_required(user):
        return SET_UP
    return ""


def pending(request) -> str:
    """VERIFY or SET_UP while the session may reach only those pages, else ''."""
    state = request.session.get(STATE, "")
    if state == VERIFY and request.user.is_verified():
        return ""
    return state


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth URL as an inline SVG QR code (no script, no style attribute)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for apps that cannot read the QR code."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def unconfirmed_device(user: User) -> TOTPDevice:
    """The user's device being set up (made on first call, kept while the user scans it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def _clean(code: str) -> str:
    return "".join((code or "").split()).lower()


def _throttled(devices) -> bool:
    """Every device still waits after recent wrong codes (django-otp doubles the wait each time)."""
    return all(not device.verify_is_allowed()[0] for device in devices)


def _refuse(user: User, reason: str, message: str):
    security_log.warning("second factor refused: username=%r reason=%s", user.username, reason)
    raise DomainError(message, code=reason)


def _wrong_code(user: User, throttled: bool):
    if throttled:
        _refuse(
            user,
            "throttled",
            _("Too many wrong codes. Wait a little before entering the next one."),
        )
    _refuse(user, "wrong_code", _("The code is not correct or has already been used."))


def verify(request, code: str) -> None:
    """Check a code from the user's own app or one of their backup codes; mark the session."""
    user = request.user
    code = _clean(code)
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=True, for_verify=True))
        if not devices:
            _refuse(user, "no_device", _("Two-step verification is not set up."))
        throttled = _throttled(devices)
        for device in [] if throttled else devices:
            if device.verify_token(code):
                otp_login(request, device)
                request.session[STATE] = VERIFY
                return
    # Raised after the block, so that the devices' failure counts are kept.
    _wrong_code(user, throttled)


def confirm(request, code: str) -> list[str]:
    """Turn on the second factor: the code proves the app holds the key; returns backup codes."""
    user = request.user
    if has_device(user):
        _refuse(user, "already", _("Two-step verification is already on."))
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None:
            _refuse(user, "no_device", _("Start the set-up again: the key has expired."))
        throttled = _throttled([device])
        if not throttled and device.verify_token(_clean(code)):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _replace_backup_codes(user)
            otp_login(request, device)
            request.session[STATE] = VERIFY
            _audit(user, "accounts.user.second_factor_enabled")
            return codes
    # Raised after the block, so that the device's failure count is kept.
    _wrong_code(user, throttled)


def _audit(user: User, action: str) -> None:
    # The operator's superuser belongs to no chamber and so has no audit trail.
    if user.organization_id is not None:
        log_action(user, action, user)


def _replace_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=c) for c in codes])
    return codes


def new_backup_codes(request, code: str) -> list[str]:
    """Fresh backup codes (the old ones stop working), after a code from the app."""
    verify(request, code)
    with transaction.atomic():
        codes = _replace_backup_codes(request.user)
        _audit(request.user, "accounts.user.backup_codes_replaced")
    return codes


def disable(request, code: str) -> None:
    """Turn the second factor off after a current code; refused where the chamber requires it."""
    user = request.user
    if is_required(user):
        raise DomainError(
            _("Your chamber requires two-step verification: it cannot be turned off."),
            code="required",
        )
    verify(request, code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        request.session.pop(STATE, None)
        _audit(user, "accounts.user.second_factor_disabled")
