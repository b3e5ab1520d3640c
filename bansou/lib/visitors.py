"""Anonymous visitors of the public pages (a demand survey's form, the i-mise vote): a device
id in a signed cookie, and keyed hashes of that id and of the address, so that limits can be
counted while neither the address nor the id ever reaches the database."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


@dataclass(frozen=True)
class DeviceCookie:
    """One signed cookie holding a random device id, per public feature."""

    name: str
    salt: str

    def read(self, request) -> str | None:
        """The device id, None when the cookie is missing, forged or expired."""
        try:
            value = request.get_signed_cookie(self.name, salt=self.salt, max_age=COOKIE_MAX_AGE)
        except (KeyError, signing.BadSignature):
            return None
        return value if value and len(value) <= 64 else None

    def write(self, response, device_id: str) -> None:
        response.set_signed_cookie(
            self.name,
            device_id,
            salt=self.salt,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,  # over HTTPS in production
        )


def new_device_id() -> str:
    return secrets.token_urlsafe(18)


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of a value with the installation's secret key and a purpose: the same value
    hashed for two purposes (a survey, a season) gives unrelated hashes."""
    return salted_hmac(purpose, value, algorithm="sha256").hexdigest()
