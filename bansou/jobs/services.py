"""Starting, following and cancelling jobs; a crashed worker's jobs are reported failed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.audit.services import log_action
from bansou.core.errors import DomainError
from bansou.lib.formatting import count

from . import live
from .models import ACTIVE, Job, JobStatus
from .registry import Unit, unit_of


def start(
    *,
    kind: str,
    user,
    title: str,
    subject: str = "",
    params=None,
    rows_total=0,
    language="",
    backend: str = "",
) -> Job:
    """Record the job and queue it for the worker (the queue is a table of the same database:
    the job is queued with the transaction that records it, or not at all). `backend`
    "immediate" runs it here and now (the demo's finished jobs)."""
    from .tasks import run_job

    if subject and Job.objects.filter(subject=subject, status__in=ACTIVE).exists():
        raise DomainError(_("This work is already running: wait for it to finish."))
    job = Job.objects.create(
        organization=user.organization,
        user=user,
        kind=kind,
        title=str(title)[:200],
        subject=subject,
        params={**(params or {}), "language": language or translation.get_language()},
        rows_total=rows_total,
    )
    live.clear(job.pk)  # nothing left from an earlier database's job of the same id
    result = run_job.using(backend=backend or settings.BANSOU_JOBS_BACKEND).enqueue(job.pk)
    job.refresh_from_db()  # the immediate backend has run it already
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.task_id = str(result.id)[:64]
    log_action(job, "jobs.job.started", user, {"kind": {"label": _("kind"), "new": kind}})
    return job


def active_for(subject: str) -> Job | None:
    return Job.objects.filter(subject=subject, status__in=ACTIVE).order_by("-pk").first()


def cancel(job: Job, *, actor) -> None:
    """Ask the job to stop: a waiting job never starts, a running one stops at its next chunk
    and rolls back what it had done."""
    if not job.is_active:
        raise DomainError(_("This job has already ended."))
    live.request_cancel(job.pk)
    with transaction.atomic():
        never_started = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.CANCELLED,
            finished_at=timezone.now(),
            message=_("Cancelled before it started: nothing was written."),
        )
        log_action(job, "jobs.job.cancelled", actor)
    if never_started:
        live.clear(job.pk)
    job.refresh_from_db()


def last_sign_of_life(job: Job, state: live.LiveState | None) -> datetime | None:
    signs = [s for s in (job.heartbeat_at, job.started_at) if s]
    if state is not None:
        signs.append(datetime.fromtimestamp(state.beat, tz=timezone.UTC))
    return max(signs) if signs else None


def fail_if_stale(job: Job, state: live.LiveState | None = None, now=None) -> bool:
    """A running job whose worker has not written its heartbeat for BANSOU_JOB_STALE_SECONDS
    stopped (the worker crashed or was killed): it is reported failed, not left running."""
    if job.status != JobStatus.RUNNING:
        return False
    now = now or timezone.now()
    seen = last_sign_of_life(job, state if state is not None else live.read(job.pk))
    if seen and now - seen < timedelta(seconds=settings.BANSOU_JOB_STALE_SECONDS):
        return False
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED,
        finished_at=now,
        message=_(
            "The worker stopped while running this job (no sign of life since %(time)s). "
            "Nothing of an import was written; start it again."
        )
        % {"time": timezone.localtime(seen).strftime("%H:%M:%S") if seen else "-"},
    )
    live.clear(job.pk)
    job.refresh_from_db()
    return bool(updated)


def fail_stale_jobs(now=None) -> int:
    """Every stale running job of the installation (the worker runs this as it starts)."""
    return sum(fail_if_stale(job, now=now) for job in Job.objects.filter(status=JobStatus.RUNNING))


# How far a job is, in its kind's unit: (with a total, without one).
COUNT_TEXTS = {
    Unit.ROWS: (gettext_lazy("%(done)s of %(total)s rows"), gettext_lazy("%(done)s rows")),
    Unit.STEPS: (gettext_lazy("%(done)s of %(total)s steps"), gettext_lazy("%(done)s steps")),
    Unit.LETTERS: (
        gettext_lazy("%(done)s of %(total)s letters"),
        gettext_lazy("%(done)s letters"),
    ),
}


@dataclass(frozen=True)
class View:
    """What the page shows of a job: counts, percent and the estimated time left."""

    job: Job
    done: int
    total: int
    percent: int | None
    seconds_left: int | None

    @property
    def counts(self) -> str:
        return counts_text(self.job.kind, self.done, self.total)


def counts_text(kind: str, done: int, total: int) -> str:
    """How far a job is in its kind's unit ("3 of 6 rows"); empty before anything is counted."""
    with_total, without_total = COUNT_TEXTS[unit_of(kind)]
    if total:
        return with_total % {"done": count(done), "total": count(total)}
    return without_total % {"done": count(done)} if done else ""


def view(job: Job) -> View:
    state = live.read(job.pk) if job.status == JobStatus.RUNNING else None
    fail_if_stale(job, state)
    if state is not None and job.status == JobStatus.RUNNING:
        done, total = state.done, max(state.total, job.rows_total)
    else:
        done, total = job.rows_done, job.rows_total
    percent = min(100, int(done * 100 / total)) if total else None
    if job.status == JobStatus.SUCCEEDED:
        percent = 100
    seconds_left = None
    if job.status == JobStatus.RUNNING and job.started_at and total and 0 < done < total:
        elapsed = max(time.time() - job.started_at.timestamp(), 0.001)
        seconds_left = int(elapsed / done * (total - done)) + 1
    return View(job, done, total, percent, seconds_left)
