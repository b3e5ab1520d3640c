"""The voter's device and address, kept only as keyed hashes (HMAC-SHA256 with the
installation's secret key; the season is part of the message, so a hash says nothing about
another season). The raw address and the device id never reach the database."""

import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

DEVICE_COOKIE = "imise_device"
DEVICE_SALT = "bansou.imise.device"
DEVICE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


def new_device_id() -> str:
    return secrets.token_urlsafe(18)


def device_id_of(request) -> str | None:
    """The device id of the signed cookie, None when missing or tampered with."""
    value = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT)
    return value or None


def set_device_cookie(response, device_id: str) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        device_id,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        # Over HTTPS in production, as the session cookie.
        secure=settings.SESSION_COOKIE_SECURE,
    )


def device_hash(season_id: int, device_id: str) -> str:
    return salted_hmac(DEVICE_SALT, f"{season_id}:{device_id}", algorithm="sha256").hexdigest()


def address_hash(season_id: int, address: str | None) -> str:
    return salted_hmac(
        "bansou.imise.address", f"{season_id}:{address or ''}", algorithm="sha256"
    ).hexdigest()
