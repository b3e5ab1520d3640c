"""Production serving: what must hold before `bansou serve` starts, and the server's settings."""

import os
from dataclasses import dataclass

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

# Each access log line ends with the time the request took, in milliseconds.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
# Seconds a worker gets to finish its requests after SIGTERM before it is killed.
GRACEFUL_TIMEOUT = 30
KEEPALIVE_SECONDS = 5


def weak_secret_key(key: str) -> bool:
    """Django's deploy check W009: short, few distinct characters, or startproject's default."""
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    )


def refusals(*, debug: bool, secret_key: str, allowed_hosts: list[str]) -> list[str]:
    """Why these settings must not serve the public; empty when they may."""
    reasons = []
    if debug:
        reasons.append(
            "BANSOU_DEBUG is on: debug pages would show settings and code to anyone. "
            "Set BANSOU_DEBUG=0."
        )
    if weak_secret_key(secret_key):
        reasons.append(
            f"BANSOU_SECRET_KEY is weak: it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, and not Django's "
            f"'{SECRET_KEY_INSECURE_PREFIX}' prefix. Leave it unset to use the random key kept "
            "in var/secret_key, or make one: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'."
        )
    if not allowed_hosts:
        reasons.append(
            "BANSOU_ALLOWED_HOSTS is empty: no request would be answered. "
            "Set it to the host names of the site, e.g. BANSOU_ALLOWED_HOSTS=bansou.example.or.jp."
        )
    return reasons


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers(cores: int) -> int:
    """Gunicorn's own advice, 2 × cores + 1: while one worker waits on the database or the
    client, another uses the core."""
    return 2 * cores + 1


@dataclass(frozen=True)
class ServerOptions:
    bind: str
    workers: int
    threads: int
    access_log: str

    def gunicorn_settings(self) -> dict:
        return {
            "bind": [self.bind],
            # Threads in each worker share its SQLite connections' process and memory; a request
            # blocked on a write lock (IMMEDIATE transactions) leaves the worker's other threads
            # serving, where a sync worker would stand still.
            "worker_class": "gthread",
            "workers": self.workers,
            "threads": self.threads,
            "accesslog": self.access_log,
            "access_log_format": ACCESS_LOG_FORMAT,
            "errorlog": "-",
            "graceful_timeout": GRACEFUL_TIMEOUT,
            # Longer than the pause between two clicks, so that a browser reusing its connection
            # does not meet one the server is closing (behind nginx this is nginx's concern).
            "keepalive": KEEPALIVE_SECONDS,
            # Django and the WhiteNoise file index are loaded once, then the workers fork.
            "preload_app": True,
            # Several instances on one machine (tests, benchmarks) must not fight over one socket.
            "control_socket_disable": True,
            "proc_name": "bansou",
        }
