"""Running one job in the worker: its state, its progress, its heartbeat, its cancellation."""

from __future__ import annotations

import logging
import threading
import time
import uuid

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bansou.core.errors import DomainError

from . import live
from .models import Job, JobStatus
from .registry import get_handler

logger = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised between chunks when the user asked the job to stop; a transaction around the
    work rolls back, so a cancelled job writes nothing."""


class Progress:
    """What a handler reports as it goes: rows done out of rows in all. Each report also
    checks whether the user asked to stop (and raises Cancelled)."""

    WRITE_EVERY = 0.5  # seconds between two writes of the live file

    def __init__(self, job: Job) -> None:
        self.pk = job.pk
        self.done = 0
        self.total = job.rows_total
        self._written = 0.0
        self._lock = threading.Lock()

    def __call__(self, done: int, total: int | None = None) -> None:
        self.update(done, total)

    def update(self, done: int, total: int | None = None) -> None:
        with self._lock:
            self.done = done
            if total:
                self.total = max(total, done)
            now = time.monotonic()
            if now - self._written >= self.WRITE_EVERY:
                self._written = now
                live.write(self.pk, self.done, self.total)
        self.check()

    def check(self) -> None:
        if live.cancel_requested(self.pk):
            raise Cancelled

    def beat(self) -> None:
        with self._lock:
            live.write(self.pk, self.done, self.total)


class Heartbeat:
    """A thread that writes the live file every few seconds while the handler works, so that
    a long step without rows (a PDF being drawn) still shows the worker alive."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="job-heartbeat")

    def _run(self) -> None:
        while not self.stopped.wait(settings.BANSOU_JOB_HEARTBEAT_SECONDS):
            self.progress.beat()

    def __enter__(self) -> Heartbeat:
        self.progress.beat()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.thread.join()


def _finish(job: Job, status: JobStatus, message: str, progress: Progress) -> None:
    now = timezone.now()
    job.status = status
    job.message = message[:2000]
    job.rows_done = progress.done
    job.rows_total = max(progress.total, progress.done)
    job.finished_at = job.heartbeat_at = now
    job.save()


def run(job_pk: int) -> str:
    """Run a queued job to its end; returns its final status. A job cancelled while it waited
    is not started."""
    now = timezone.now()
    if live.cancel_requested(job_pk):
        Job.objects.filter(pk=job_pk, status=JobStatus.QUEUED).update(
            status=JobStatus.CANCELLED, finished_at=now
        )
        live.clear(job_pk)
        return JobStatus.CANCELLED
    started = Job.objects.filter(pk=job_pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not started:
        return Job.objects.filter(pk=job_pk).values_list("status", flat=True).first() or ""
    job = Job.objects.select_related("organization", "user").get(pk=job_pk)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        return _run(job)


def _run(job: Job) -> str:
    job_pk = job.pk
    progress = Progress(job)
    try:
        with Heartbeat(progress):
            outcome = get_handler(job.kind)(job, progress)
    except Cancelled:
        _finish(job, JobStatus.CANCELLED, _("Cancelled: nothing was written."), progress)
    except DomainError as exc:
        _finish(job, JobStatus.FAILED, exc.message, progress)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, _("The job stopped on an unexpected error."), progress)
    else:
        if outcome.content is not None:
            name = f"{job.pk}-{uuid.uuid4().hex}"
            (live.results_dir() / name).write_bytes(outcome.content)
            job.result_file = name
            job.result_name = outcome.file_name
        job.result_url = outcome.result_url
        progress.done = max(progress.done, progress.total)
        _finish(job, JobStatus.SUCCEEDED, outcome.message, progress)
    finally:
        live.clear(job_pk)
    return job.status
