"""Retention: entries older than BANSOU_AUDIT_RETENTION_DAYS go, and the purge says how many."""

from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone

from bansou.audit import retention
from bansou.audit.models import AuditEntry
from bansou.audit.services import log_action, log_event


def _old_and_new(business_a, business_b, advisor_a):
    with time_machine.travel(timezone.now() - timedelta(days=1826)):
        log_action(business_a, "businesses.business.updated", advisor_a)
        log_action(business_a, "businesses.business.updated", advisor_a)
        log_action(business_b, "businesses.business.updated", None)
        log_event("accounts.user.login_failed", None, organization_id=None, actor_name="x")
    return log_action(business_a, "businesses.business.created", advisor_a)


def test_the_default_is_five_years(settings):
    assert settings.BANSOU_AUDIT_RETENTION_DAYS == 1825


def test_purge_removes_old_entries_and_logs_counts(business_a, business_b, advisor_a):
    kept = _old_and_new(business_a, business_b, advisor_a)
    report = retention.purge_audit()
    assert report.counts == {business_a.organization_id: 2, business_b.organization_id: 1, None: 1}
    purges = {e.organization_id: e for e in AuditEntry.objects.filter(action=retention.PURGED)}
    assert purges[business_a.organization_id].changes["removed"] == 2
    assert purges[None].changes["removed"] == 1
    assert set(AuditEntry.objects.exclude(action=retention.PURGED)) == {kept}


def test_dry_run_deletes_nothing(business_a, business_b, advisor_a):
    _old_and_new(business_a, business_b, advisor_a)
    out = StringIO()
    call_command("purge_audit", "--dry-run", stdout=out)
    assert "would delete 4 audit entries" in out.getvalue()
    assert AuditEntry.objects.count() == 5


def test_the_command_purges_by_the_setting(settings, business_a, business_b, advisor_a):
    _old_and_new(business_a, business_b, advisor_a)
    settings.BANSOU_AUDIT_RETENTION_DAYS = 10000
    call_command("purge_audit", stdout=StringIO())
    assert AuditEntry.objects.count() == 5
    settings.BANSOU_AUDIT_RETENTION_DAYS = 30
    out = StringIO()
    call_command("purge_audit", stdout=out)
    assert "deleted 4 audit entries" in out.getvalue()
    assert AuditEntry.objects.filter(action=retention.PURGED).count() == 3
