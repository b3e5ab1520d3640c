"""`bansou worker`: run the background jobs (django-tasks-db's db_worker), after reporting as
failed the jobs a previous worker left running when it stopped."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bansou.jobs.services import fail_stale_jobs


class Command(BaseCommand):
    help = "Run background jobs (imports, downloads, PDFs, letters) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args, batch=False, interval=1.0, **options):
        failed = fail_stale_jobs()
        if failed:
            self.stderr.write(f"{failed} job(s) left running by a stopped worker marked failed")
        arguments = ["--interval", str(interval), "--no-startup-delay"]
        if batch:
            arguments.append("--batch")
        call_command("db_worker", *arguments, verbosity=options.get("verbosity", 1))
