"""Login throttling with django-axes: limits, the client's address, the lockout page, lifting."""

import logging
from dataclasses import dataclass
from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import log_action

from .models import User

security_log = logging.getLogger("bansou.security")

LOCKED_OUT = "accounts.user.locked_out"
LOCKOUT_LIFTED = "accounts.user.lockout_lifted"


def failure_limits() -> tuple[int, int, int]:
    """The limits of settings.AXES_LOCKOUT_PARAMETERS, in its order: user name and address
    together, the user name from any address, the address for any user name."""
    return (
        settings.BANSOU_LOCKOUT_FAILURES,
        settings.BANSOU_LOCKOUT_ACCOUNT_FAILURES,
        settings.BANSOU_LOCKOUT_ADDRESS_FAILURES,
    )


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or with N trusted reverse proxies the address the outermost one saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    client is the N-th entry from the right; anything left of it came from the client and may
    be forged. A header shorter than the chain means the request bypassed a proxy: REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.BANSOU_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a limit per kind of count, one log line per failure, an
    audit entry when a known user gets locked out, and a reset of the pair on success."""

    def get_failures(self, request, credentials=None) -> int:
        """The failures scaled to AXES_FAILURE_LIMIT: reaching it means one count reached its own
        limit (n * base // limit >= base exactly when n >= limit)."""
        base = settings.AXES_FAILURE_LIMIT
        scaled = 0
        attempts = self.get_user_attempts(request, credentials)
        for queryset, limit in zip(attempts, failure_limits(), strict=True):
            failures = queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled = max(scaled, failures * base // limit)
        return scaled

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request=request, **kwargs)
        was_locked = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        username = get_client_username(request, credentials)
        locked = bool(getattr(request, "axes_locked_out", False))
        # One line, never the password; %r keeps a user name with a line break on one line.
        security_log.warning(
            "login failed: username=%r address=%s path=%s locked_out=%s",
            username,
            request.axes_ip_address,
            request.axes_path_info,
            "yes" if locked else "no",
        )
        if locked and not was_locked:
            _audit_lockout(username, request.axes_ip_address)

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        # The person who knows the password starts again from this address; failures against
        # other users from here, and against this user from elsewhere, still count.
        AccessAttempt.objects.filter(
            username=user.get_username(), ip_address=request.axes_ip_address
        ).delete()


def _audit_lockout(username: str | None, address: str | None) -> None:
    user = User.objects.filter(username=username, organization__isnull=False).first()
    if user is None:
        return
    minutes = settings.BANSOU_LOCKOUT_MINUTES
    log_action(
        user,
        LOCKED_OUT,
        actor=None,
        changes={
            "address": {"label": _("connection address"), "old": None, "new": address},
            "minutes": {"label": _("minutes locked"), "old": None, "new": minutes},
        },
    )


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The login page again with one message, the same whether the user name exists or not."""
    form = AuthenticationForm(request)
    message = _(
        "Too many failed logins. Logging in is suspended for a while; "
        "try again in %(minutes)s minutes or ask your chamber's administrator."
    ) % {"minutes": settings.BANSOU_LOCKOUT_MINUTES}
    context = {"form": form, "lockout_message": message, "next": request.POST.get("next", "")}
    return render(request, "accounts/login.html", context, status=429)


@dataclass(frozen=True)
class Lockout:
    """A user of the chamber who cannot log in now (from one address or from any)."""

    user: User
    addresses: tuple[str, ...]
    failures: int
    locked_until: datetime

    @property
    def locked_until_clock(self) -> str:
        """The hour and minute the lockout ends, in the chamber's time (the day is |wareki)."""
        return timezone.localtime(self.locked_until).strftime("%H:%M")


def current_lockouts(organization) -> list[Lockout]:
    """The chamber's users locked out now: one GROUP BY over axes' attempts in the window."""
    window = settings.AXES_COOLOFF_TIME
    now = timezone.now()
    users = User.objects.filter(organization=organization)
    rows = (
        AccessAttempt.objects.filter(
            username__in=users.values("username"), attempt_time__gte=now - window
        )
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("username", "ip_address")
    )
    pair_limit, account_limit, _address_limit = failure_limits()
    by_username: dict[str, list[dict]] = {}
    for row in rows:
        by_username.setdefault(row["username"], []).append(row)
    locked: dict[str, tuple[tuple[str, ...], int, datetime]] = {}
    for username, pairs in by_username.items():
        total = sum(p["failures"] for p in pairs)
        last = max(p["last"] for p in pairs)
        if total >= account_limit:
            addresses = tuple(p["ip_address"] or "" for p in pairs)
            locked[username] = (addresses, total, last + window)
            continue
        blocked = [p for p in pairs if p["failures"] >= pair_limit]
        if blocked:
            until = max(p["last"] for p in blocked) + window
            addresses = tuple(p["ip_address"] or "" for p in blocked)
            locked[username] = (addresses, sum(p["failures"] for p in blocked), until)
    if not locked:
        return []
    found = {u.username: u for u in users.filter(username__in=locked)}
    return [Lockout(found[name], *locked[name]) for name in sorted(locked) if name in found]


@transaction.atomic
def lift_lockout(user: User, *, actor) -> int:
    """Forget the user's failed logins from every address; the address counts drop with them."""
    deleted, _detail = AccessAttempt.objects.filter(username=user.username).delete()
    log_action(user, LOCKOUT_LIFTED, actor)
    return deleted
