"""bansou purge_imports [--days N] [--dry-run]: delete uploads that were never imported.

Jobs of every chamber left unfinished for longer than the retention period
(BANSOU_IMPORT_RETENTION_DAYS, default 14) are deleted with their files and an audit entry;
committed jobs stay in the history, and the files they left behind (the problem list) go.
New uploads do the first part too; run this from cron to free the disk without waiting.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bansou.dataio import retention
from bansou.organizations.models import Organization


class Command(BaseCommand):
    help = "Delete import uploads (and their jobs) never committed within the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="retention period in days (default: BANSOU_IMPORT_RETENTION_DAYS)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be deleted, delete nothing"
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1")
        dry_run = options["dry_run"]
        report = retention.purge_imports(days=days, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        slugs = dict(
            Organization.objects.filter(
                pk__in={job.organization_id for job in report.jobs}
            ).values_list("pk", "slug")
        )
        for job in report.jobs:
            created = timezone.localtime(job.created_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"{verb} job {job.pk} ({slugs.get(job.organization_id)}, {job.kind}, "
                f"{job.get_status_display()}, uploaded {created}): {job.file_name}"
            )
        for path in report.files:
            self.stdout.write(f"{verb} file {path}")
        self.stderr.write(
            f"{len(report.jobs)} job(s) and {len(report.files)} file(s) "
            f"{'would be deleted' if dry_run else 'deleted'} "
            f"(retention {retention.retention_days(days)} days)"
        )
