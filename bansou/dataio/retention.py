"""Uploads that were never imported are deleted, with their jobs, after the retention period.

An upload waits in var/imports (with its problem list) between the steps of an import. A job
left unfinished for BANSOU_IMPORT_RETENTION_DAYS days (counted from its upload, or from its
last check) is deleted with its files and an audit entry: on every new upload (one query when
there is nothing to delete) and by `bansou purge_imports`, which also removes what the jobs
no longer point at — the problem list a committed import leaves behind (its job stays in the
history) and files whose job is gone.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import log_actions

from .models import ImportJob, ImportStatus, imports_dir

logger = logging.getLogger(__name__)

PURGED = "dataio.import.purged"
PROBLEMS_SUFFIX = ".problems.csv"
# Tokens looked up per query when matching the files on disk with their jobs.
TOKEN_BATCH = 500


@dataclass
class PurgeReport:
    """The jobs deleted and the files removed (or, for a dry run, those that would be)."""

    jobs: list[ImportJob] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def retention_days(days: int | None = None) -> int:
    return settings.BANSOU_IMPORT_RETENTION_DAYS if days is None else days


def stale_jobs(before: datetime):
    """Jobs never committed whose upload (or last check) is older than `before`."""
    return (
        ImportJob.objects.exclude(status=ImportStatus.COMMITTED)
        .alias(last_activity=Coalesce("checked_at", "created_at"))
        .filter(last_activity__lt=before)
    )


def _existing_files(jobs: list[ImportJob]) -> list[Path]:
    return [path for job in jobs for path in (job.path, job.problems_path) if path.exists()]


def _unlink(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            # A file that cannot be removed now is found again by `bansou purge_imports`.
            logger.warning("could not remove %s", path, exc_info=True)


def purge_stale_jobs(
    *, days: int | None = None, now: datetime | None = None, dry_run: bool = False
) -> PurgeReport:
    """Delete the stale jobs of every chamber with their files and an audit entry each.

    Nothing stale (the common case, checked on every upload) costs one query. The jobs are
    read again inside the transaction, so one committed meanwhile is kept (SQLite serialises
    the writers; PostgreSQL locks the rows).
    """
    days = retention_days(days)
    before = (now or timezone.now()) - timedelta(days=days)
    if dry_run:
        jobs = list(stale_jobs(before).order_by("pk"))
        return PurgeReport(jobs=jobs, files=_existing_files(jobs))
    if not stale_jobs(before).exists():
        return PurgeReport()
    with transaction.atomic():
        jobs = list(stale_jobs(before).select_for_update().order_by("pk"))
        changes = {"retention": {"label": _("retention period (days)"), "old": None, "new": days}}
        log_actions(jobs, PURGED, None, changes)
        ImportJob.objects.filter(pk__in=[job.pk for job in jobs]).delete()
        files = _existing_files(jobs)
        # The files go once the rows are gone for good; a rollback keeps both.
        transaction.on_commit(lambda: _unlink(files))
    return PurgeReport(jobs=jobs, files=files)


def _token_of(path: Path) -> uuid.UUID | None:
    try:
        return uuid.UUID(path.name.removesuffix(PROBLEMS_SUFFIX))
    except ValueError:
        return None


def leftover_files(*, days: int | None = None, now: datetime | None = None) -> list[Path]:
    """Files in var/imports older than the retention period that no open job needs: those of
    committed jobs (the problem list; the upload is deleted on commit) and those of no job."""
    directory = imports_dir()
    if not directory.is_dir():
        return []
    before = ((now or timezone.now()) - timedelta(days=retention_days(days))).timestamp()
    old = {
        path: token
        for path in directory.iterdir()
        if (token := _token_of(path)) and path.is_file() and path.stat().st_mtime < before
    }
    tokens = list(set(old.values()))
    open_tokens: set[uuid.UUID] = set()
    for start in range(0, len(tokens), TOKEN_BATCH):
        open_tokens.update(
            ImportJob.objects.exclude(status=ImportStatus.COMMITTED)
            .filter(token__in=tokens[start : start + TOKEN_BATCH])
            .values_list("token", flat=True)
        )
    return sorted(path for path, token in old.items() if token not in open_tokens)


def purge_imports(
    *, days: int | None = None, now: datetime | None = None, dry_run: bool = False
) -> PurgeReport:
    """What `bansou purge_imports` does: stale jobs with their files, then leftover files."""
    report = purge_stale_jobs(days=days, now=now, dry_run=dry_run)
    purged = {job.token for job in report.jobs}
    extra = [p for p in leftover_files(days=days, now=now) if _token_of(p) not in purged]
    if not dry_run:
        _unlink(extra)
    report.files += extra
    return report
