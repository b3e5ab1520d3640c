"""The demo's audit trail: two working weeks of what a chamber's audit log holds, reproducible."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from bansou.accounts.models import Role
from bansou.audit.models import AuditEntry
from bansou.demo.audit_trail import LOCKED_OUT_USER, load_audit_trail
from bansou.demo.living import load_living
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.tests.conftest import build_demo_chamber
from bansou.support.models import SupportRecord
from bansou.testing import login, make_user

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 11)  # a Wednesday
TOKYO = ZoneInfo("Asia/Tokyo")
NOON = datetime(2025, 6, 11, 12, 0, tzinfo=TOKYO)
# The trail's two working weeks, and nothing the plan's own demo logged (at load time, "now").
WINDOW = datetime(2025, 5, 20, tzinfo=TOKYO)


@pytest.fixture
def chamber():
    organization = build_demo_chamber(businesses=4000)
    admin = make_user(organization, Role.ADMIN, "kawaguchi-admin")
    make_user(organization, Role.ADVISOR, LOCKED_OUT_USER)
    load_kawaguchi_demo(organization)
    load_living(organization, today=TODAY, seed=7, records_per_year=300)
    organization.demo_admin = admin
    return organization


def _trail(organization):
    return list(
        AuditEntry.objects.filter(organization=organization, created_at__range=(WINDOW, NOON))
        .order_by("created_at", "action", "target_repr")
        .values_list("created_at", "action", "actor_name", "target_repr", "ip_address")
    )


def test_the_trail_holds_each_kind_of_entry_at_its_own_time(chamber):
    with time_machine.travel(NOON, tick=False):
        written = load_audit_trail(chamber, today=TODAY, seed=7)
    entries = AuditEntry.objects.filter(organization=chamber, created_at__range=(WINDOW, NOON))
    assert entries.count() == written > 0
    actions = set(entries.values_list("action", flat=True))
    assert {
        "accounts.user.logged_in",
        "accounts.user.logged_out",
        "accounts.user.login_failed",
        "accounts.user.locked_out",
        "accounts.user.lockout_lifted",
        "support.record.created",
        "businesses.business.updated",
        "businesses.business.exported",
        "businesses.business.viewed",
    } <= actions
    # Nothing after "now", nothing at the load's own moment: each entry keeps its own time.
    times = list(entries.values_list("created_at", flat=True))
    assert max(times) <= NOON and len(set(times)) > written // 2
    # Each support record of the window was entered by its own advisor, after the contact.
    window = SupportRecord.objects.filter(
        organization=chamber, occurred_at__gte=min(times).replace(hour=0)
    ).exclude(staff=None)
    entered = entries.filter(action="support.record.created")
    assert 0 < entered.count() <= window.count()
    for entry in entered[:20]:
        record = window.get(pk=entry.target_id)
        assert entry.actor_id == record.staff_id and entry.created_at > record.occurred_at
    # The administrator finds the lockout on the audit page.
    with time_machine.travel(NOON, tick=False):
        page = login(chamber.demo_admin).get(
            reverse("audit:list"), {"action": "accounts.user.locked_out"}
        )
    assert page.status_code == 200
    assert LOCKED_OUT_USER in page.content.decode() and "192.0.2." in page.content.decode()


def test_the_same_day_gives_the_same_trail(chamber):
    with time_machine.travel(NOON, tick=False):
        load_audit_trail(chamber, today=TODAY, seed=7)
        first = _trail(chamber)
        AuditEntry.objects.filter(organization=chamber).purge_before(NOON + timedelta(days=1))
        load_audit_trail(chamber, today=TODAY, seed=7)
    assert _trail(chamber) == first
