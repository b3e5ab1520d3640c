"""Spam and flood limits of the public form: pure checks over what the database holds.

- honeypot: a field people never see (hidden by the stylesheet); a script that fills every
  field fills it too, and its answer is dropped without a word;
- per device: a signed cookie holds a random device id; its HMAC is stored with the answer, so
  one device answers a survey once;
- per address: the HMAC of the visitor's address (with the installation's secret: the address
  itself is never stored) answers a survey at most ADDRESS_LIMIT times an hour — a booth's
  shared Wi-Fi may carry a few visitors, a script many;
- the survey's cap (max_responses): no survey grows without bound.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing

DEVICE_COOKIE = "bansou_q"
DEVICE_SALT = "bansou.demand.device"
DEVICE_MAX_AGE = 400 * 24 * 3600
HONEYPOT_FIELD = "website"


def address_limit() -> int:
    return getattr(settings, "BANSOU_DEMAND_ANSWERS_PER_ADDRESS_HOUR", 10)


def _digest(kind: str, value: str) -> str:
    key = f"{settings.SECRET_KEY}:bansou.demand.{kind}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def address_hash(address: str | None) -> str:
    return _digest("address", address) if address else ""


def device_id(request) -> str | None:
    """The device id from the signed cookie (None when absent or forged)."""
    try:
        value = request.get_signed_cookie(DEVICE_COOKIE, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    return value if value and len(value) <= 64 else None


def new_device_id() -> str:
    return secrets.token_urlsafe(18)


def set_device_cookie(response, value: str) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        value,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and getattr(settings, "SESSION_COOKIE_SECURE", False),
    )


def device_hash(value: str | None) -> str:
    return _digest("device", value) if value else ""
