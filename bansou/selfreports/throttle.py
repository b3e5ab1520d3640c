"""A small per-address limit on the public link pages: guessing links is already hopeless (a
signed 128-bit nonce), the limit keeps a script from hammering the pages anyway.

Counts live in Django's cache (the default local-memory cache: per process; a shared cache
such as Redis makes the limit global)."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 10 * 60


def _key(request) -> str:
    return f"selfreports:failures:{request.META.get('REMOTE_ADDR', '')}"


def limit() -> int:
    return getattr(settings, "BANSOU_REPORT_LINK_FAILURES", 20)


def is_blocked(request) -> bool:
    return cache.get(_key(request), 0) >= limit()


def count_failure(request) -> None:
    key = _key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
