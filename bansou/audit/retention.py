"""Retention: the only way audit entries are ever deleted (BANSOU_AUDIT_RETENTION_DAYS)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .models import AuditEntry
from .services import COMMAND_LINE, log_event

PURGED = "audit.auditentry.purged"


@dataclass
class PurgeReport:
    cutoff: datetime
    # organization id (None: operator-level entries) → entries older than the cutoff
    counts: dict[int | None, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def retention_days(days: int | None = None) -> int:
    return days if days is not None else settings.BANSOU_AUDIT_RETENTION_DAYS


def purge_audit(*, days: int | None = None, dry_run: bool = False, now=None) -> PurgeReport:
    """Delete entries older than the retention period; each chamber gets an entry saying how
    many of its entries went (the purge's own entry is new, so it stays)."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days(days))
    old = AuditEntry.objects.filter(created_at__lt=cutoff)
    counts = {
        row["organization"]: row["n"]
        for row in old.order_by().values("organization").annotate(n=Count("pk"))
    }
    report = PurgeReport(cutoff=cutoff, counts=counts)
    if dry_run or not counts:
        return report
    with transaction.atomic():
        AuditEntry.objects.purge_before(cutoff)
        for organization_id, removed in counts.items():
            log_event(
                PURGED,
                None,
                organization_id=organization_id,
                target_type="audit.auditentry",
                changes={
                    "removed": removed,
                    "before": timezone.localtime(cutoff).date().isoformat(),
                    "via": COMMAND_LINE,
                },
            )
    return report
