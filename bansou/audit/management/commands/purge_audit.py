"""bansou purge_audit [--dry-run]: delete audit entries older than the retention period.

BANSOU_AUDIT_RETENTION_DAYS (default 1825, five years). Each chamber's log gets an entry with
the number of its entries removed. Run it daily from cron.
"""

from django.core.management.base import BaseCommand

from bansou.audit import retention


class Command(BaseCommand):
    help = "Delete audit entries older than BANSOU_AUDIT_RETENTION_DAYS (default five years)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted, delete nothing"
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        report = retention.purge_audit(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} {report.total} audit entr{'y' if report.total == 1 else 'ies'} older than "
            f"{report.cutoff:%Y-%m-%d} (retention {retention.retention_days()} days)"
        )
