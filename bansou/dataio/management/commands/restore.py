"""bansou restore FILE [--no-input]: replace the database's content with a backup's.

The file is checked first (a bansou backup, with no migration unknown to this code: see
backup_check.py); what will be replaced and what comes instead is printed; after a
confirmation the current database is backed up (the path is printed), the backup restored and
the migrations it lacks applied.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bansou.dataio.backup import SQLITE_SUFFIX, BackupError, backup, backups_dir, restore, vendor
from bansou.dataio.backup_check import DatabaseSummary, current_summary, inspect_backup


def _describe(summary: DatabaseSummary) -> str:
    chambers = "、".join(summary.organizations) or _("(none)")
    counts = "、".join(f"{label} {count:,}" for label, count in summary.counts.items())
    return _("chambers: %(chambers)s; rows: %(counts)s") % {"chambers": chambers, "counts": counts}


class Command(BaseCommand):
    help = "Restore a backup made by `bansou backup` (replaces everything in the database)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--no-input",
            "--noinput",
            "--yes",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation (the current data is replaced)",
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            return self._handle(options)

    def _handle(self, options):
        source = options["file"]
        try:
            report = inspect_backup(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if not report.marked:
            self.stderr.write(
                _("Warning: this file was not made by `bansou backup` (it has no backup mark).")
            )
        self.stdout.write(_("Backup %(file)s") % {"file": source})
        if report.made_at:
            self.stdout.write(_("  made at %(time)s") % {"time": report.made_at})
        self.stdout.write("  " + _describe(report.summary))
        self.stdout.write(_("The current database, which will be replaced:"))
        self.stdout.write("  " + _describe(current_summary()))
        if report.to_migrate:
            names = ", ".join(f"{app}.{name}" for app, name in report.to_migrate)
            self.stdout.write(
                _("After restoring, %(count)s migrations will be applied: %(names)s")
                % {"count": len(report.to_migrate), "names": names}
            )
        if options["interactive"]:
            answer = input(_("Replace the current database with this backup? Type 'yes': "))
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled; nothing was changed."))
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        suffix = SQLITE_SUFFIX if vendor() == "sqlite" else ".dump"
        try:
            safety = backup(backups_dir() / f"bansou-before-restore-{stamp}{suffix}")
            self.stdout.write(
                _("The current database was backed up to %(path)s") % {"path": safety}
            )
            restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if report.to_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(_("Restored %(file)s") % {"file": source}))
