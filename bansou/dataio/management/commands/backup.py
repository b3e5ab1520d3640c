"""bansou backup [--output FILE]: a consistent copy of the database while the app runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bansou.audit.services import COMMAND_LINE, log_event
from bansou.dataio.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup API, or pg_dump for PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="the backup file (default: var/backups/bansou-<time>)"
        )

    def handle(self, *args, **options):
        try:
            path = backup(options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        # The whole database, every chamber's: an operator-level entry (no organization).
        log_event(
            "dataio.backup.exported",
            None,
            organization_id=None,
            target_repr=path.name,
            changes={"file": str(path), "via": COMMAND_LINE},
        )
        self.stdout.write(str(path))
