"""The demo chamber's audit trail: the last two working weeks as the audit log would show them.

A chamber's administrator who opens 監査ログ in the demo sees what a real office leaves there:
each morning's logins from the staff's PCs, the support records written that day by their
advisors (from the demo's own records, at the time they were entered), a business whose phone
number changed, the register and a record list downloaded, reads of a business by someone not
in charge of it, and one advisor who mistyped a password five times, was locked out and let
back in by the administrator. Deterministic for a given day, like the rest of the demo.

Entries are written with their historical time, as fixture loading writes rows
(`Model.save_base(raw=True)`): `created_at` is otherwise always "now".
"""

import random
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.accounts.models import Role, User
from bansou.audit.export_log import EXPORTED
from bansou.audit.models import AuditEntry
from bansou.audit.services import diff, snapshot
from bansou.businesses.models import Business
from bansou.support import services as support_services
from bansou.support.models import LOCAL_TZ, SupportRecord

WORKING_DAYS = 10
# Addresses of the documentation range (RFC 5737): one office PC per user.
OFFICE_NETWORK = "192.0.2."
LOCKED_OUT_USER = "kawaguchi-advisor-03"


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ)


def _working_days(today: date) -> list[date]:
    days, day = [], today
    while len(days) < WORKING_DAYS:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


class _Trail:
    def __init__(self, organization, now: datetime) -> None:
        self.organization = organization
        self.now = now
        self.entries: list[AuditEntry] = []
        self.addresses: dict[int, str] = {}

    def address(self, user: User) -> str:
        return self.addresses.setdefault(user.pk, f"{OFFICE_NETWORK}{11 + len(self.addresses)}")

    def add(self, at: datetime, action: str, actor, target=None, changes=None, **event) -> None:
        if at > self.now:
            return
        entry = AuditEntry(
            organization=self.organization,
            created_at=at,
            actor=actor,
            action=action,
            changes=changes or {},
            ip_address=self.address(actor) if actor else event.pop("address", None),
            **event,
        )
        if target is not None:
            entry.target_type = target._meta.label_lower
            entry.target_id = target.pk
            entry.target_repr = str(target)[:200]
        self.entries.append(entry)

    def save(self) -> None:
        for entry in self.entries:
            entry.fill_context()
            models.Model.save_base(entry, raw=True, force_insert=True)


def load_audit_trail(organization, *, today: date, seed: int) -> int:
    """Write the trail of the working days up to `today`; returns how many entries."""
    rng = random.Random(f"{seed}:{today.isoformat()}:audit")
    now = min(timezone.now(), _at(today, 17, 30))
    trail = _Trail(organization, now)
    users = list(
        User.objects.filter(organization=organization)
        .exclude(role=Role.EXPERT)
        .order_by("username")
    )
    staff = [u for u in users if u.role != Role.COMMITTEE]
    admin = next(u for u in users if u.role == Role.ADMIN)
    lead = next(u for u in users if u.role == Role.LEAD_ADVISOR)
    committee = [u for u in users if u.role == Role.COMMITTEE]
    locked = next((u for u in users if u.username == LOCKED_OUT_USER), staff[-1])
    days = _working_days(today)
    lockout_day = days[-3]

    for day in days:
        for user in staff:
            if user == locked and day == lockout_day:
                _lockout(trail, day, user, admin)
                continue
            login = _at(day, 8, 20) + timedelta(minutes=rng.randint(0, 55))
            trail.add(login, "accounts.user.logged_in", user, user)
            if day < today:
                logout = _at(day, 17, 20 + rng.randint(0, 35))
                trail.add(logout, "accounts.user.logged_out", user, user)
    for user in committee:
        trail.add(_at(days[-2], 19, 10), "accounts.user.logged_in", user, user)

    _records_entered(trail, days, rng)
    _register_work(trail, days, rng, admin, lead)
    trail.entries.sort(key=lambda entry: entry.created_at)
    with transaction.atomic():
        trail.save()
    return len(trail.entries)


def _lockout(trail: _Trail, day: date, user: User, admin: User) -> None:
    label = str(User._meta.get_field("username").verbose_name)
    for minute in range(5):
        trail.add(
            _at(day, 8, 48 + minute),
            "accounts.user.login_failed",
            None,
            user,
            {"username": {"label": label, "old": None, "new": user.username}},
            address=trail.address(user),
        )
    trail.add(
        _at(day, 8, 53),
        "accounts.user.locked_out",
        None,
        user,
        {
            "address": {"label": _("address"), "old": None, "new": trail.address(user)},
            "minutes": {
                "label": _("minutes locked"),
                "old": None,
                "new": settings.BANSOU_LOCKOUT_MINUTES,
            },
        },
        address=trail.address(user),
    )
    trail.add(_at(day, 9, 4), "accounts.user.lockout_lifted", admin, user)
    trail.add(_at(day, 9, 6), "accounts.user.logged_in", user, user)


def _records_entered(trail: _Trail, days: list[date], rng: random.Random) -> None:
    """Each support record of these days, entered by its advisor after the contact."""
    start = _at(days[0], 0, 0)
    records = (
        SupportRecord.objects.filter(organization=trail.organization, occurred_at__gte=start)
        .select_related("staff", "business")
        .order_by("occurred_at", "pk")
    )
    for record in records:
        if record.staff is None:
            continue
        entered = max(record.occurred_at, _at(record.occurred_at.astimezone(LOCAL_TZ).date(), 9, 0))
        changes = diff(record, {}, snapshot(record, support_services.AUDITED_FIELDS))
        trail.add(
            entered + timedelta(minutes=rng.randint(20, 120)),
            "support.record.created",
            record.staff,
            record,
            changes,
        )


def _register_work(trail, days, rng, admin: User, lead: User) -> None:
    businesses = Business.objects.filter(organization=trail.organization)
    # A business whose phone number changed (the register keeps the new one).
    moved = businesses.exclude(phone="").order_by("pk")[rng.randint(0, 200)]
    label = str(Business._meta.get_field("phone").verbose_name)
    trail.add(
        _at(days[-4], 10, 12),
        "businesses.business.updated",
        lead,
        moved,
        {"phone": {"label": label, "old": "048-222-0000", "new": moved.phone}},
    )
    # The lead advisor downloads the register for the monthly meeting; the administrator reads
    # two businesses no record of theirs concerns (a complaint, a membership question).
    trail.add(
        _at(days[-5], 15, 40),
        f"businesses.business.{EXPORTED}",
        lead,
        changes={"format": "xlsx", "rows": businesses.count(), "filters": {}},
        target_type="businesses.business",
        target_repr="事業者台帳",
    )
    trail.add(
        _at(days[-1], 11, 5),
        f"support.supportrecord.{EXPORTED}",
        lead,
        changes={"format": "csv", "rows": 64, "filters": {"staff": str(lead.pk)}},
        target_type="support.supportrecord",
        target_repr="支援記録",
    )
    for offset, day in ((37, days[-6]), (911, days[-2])):
        business = businesses.order_by("pk")[offset]
        trail.add(_at(day, 14, 20), "businesses.business.viewed", admin, business)
