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

from django.conf import settings

from bansou.lib.visitors import DeviceCookie, keyed_hash, new_device_id

DEVICE = DeviceCookie("bansou_q", "bansou.demand.device")
DEVICE_COOKIE = DEVICE.name
HONEYPOT_FIELD = "website"

__all__ = ["new_device_id"]


def address_limit() -> int:
    return getattr(settings, "BANSOU_DEMAND_ANSWERS_PER_ADDRESS_HOUR", 10)


def address_hash(address: str | None) -> str:
    return keyed_hash("bansou.demand.address", address) if address else ""


def device_id(request) -> str | None:
    return DEVICE.read(request)


def set_device_cookie(response, value: str) -> None:
    DEVICE.write(response, value)


def device_hash(value: str | None) -> str:
    return keyed_hash("bansou.demand.device", value) if value else ""
