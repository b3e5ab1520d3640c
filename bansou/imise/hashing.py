"""The voter's device and address, kept only as keyed hashes (HMAC-SHA256 with the
installation's secret key; the season is part of the message, so a hash says nothing about
another season). The raw address and the device id never reach the database."""

from bansou.lib.visitors import DeviceCookie, keyed_hash, new_device_id

DEVICE = DeviceCookie("imise_device", "bansou.imise.device")
DEVICE_COOKIE = DEVICE.name

__all__ = ["new_device_id"]


def device_id_of(request) -> str | None:
    """The device id of the signed cookie, None when missing or tampered with."""
    return DEVICE.read(request)


def set_device_cookie(response, device_id: str) -> None:
    DEVICE.write(response, device_id)


def device_hash(season_id: int, device_id: str) -> str:
    return keyed_hash("bansou.imise.device", f"{season_id}:{device_id}")


def address_hash(season_id: int, address: str | None) -> str:
    return keyed_hash("bansou.imise.address", f"{season_id}:{address or ''}")
