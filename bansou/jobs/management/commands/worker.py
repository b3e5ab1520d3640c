"""`bansou worker`: run the background jobs (django-tasks-db's db_worker), after reporting as
failed the jobs a previous worker left running when it stopped; while it runs, it also enqueues
the periodic work that is due (the daily digest, reminders.schedule)."""

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from bansou.jobs.services import fail_stale_jobs
from bansou.reminders.schedule import Schedule

logger = logging.getLogger(__name__)
TICK_SECONDS = 60


def _schedule_loop(stop: threading.Event) -> None:
    schedule = Schedule()
    while not stop.is_set():
        try:
            schedule.tick()
        except Exception:  # a database hiccup must not end the worker's periodic work
            logger.exception("the periodic work could not be enqueued")
        finally:
            connections.close_all()  # this thread's own connections
        stop.wait(TICK_SECONDS)


class Command(BaseCommand):
    help = "Run background jobs (imports, downloads, PDFs, letters, daily digests) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args, batch=False, interval=1.0, **options):
        failed = fail_stale_jobs()
        if failed:
            self.stderr.write(f"{failed} job(s) left running by a stopped worker marked failed")
        arguments = ["--interval", str(interval), "--no-startup-delay"]
        stop = threading.Event()
        if batch:
            arguments.append("--batch")  # a run that ends: no periodic work
        else:
            threading.Thread(
                target=_schedule_loop, args=(stop,), name="bansou-schedule", daemon=True
            ).start()
        try:
            call_command("db_worker", *arguments, verbosity=options.get("verbosity", 1))
        finally:
            stop.set()
