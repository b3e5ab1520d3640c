"""bansou restore FILE --yes: replace the database's content with a backup's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bansou.dataio.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `bansou backup` (replaces everything in the database)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm: the current data is replaced"
        )

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError(
                "restoring replaces every record in the database; run again with --yes"
            )
        try:
            restore(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"restored {options['file']}"))
