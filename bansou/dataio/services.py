"""Import jobs step by step: upload, map the columns, check (dry run), commit."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import log_action
from bansou.core.errors import DomainError
from bansou.core.middleware import upload_limit_bytes

from . import retention
from .engine import RunResult, run_import
from .mapping import auto_mapping, clean_mapping
from .models import ImportJob, ImportStatus
from .reading import FileInfo, FileProblem, inspect_file, open_table
from .registry import ImportKind


def _store(upload, destination: Path) -> int:
    # Chambers' largest registers are a few hundred thousand rows; the default 200 MB
    # (BANSOU_UPLOAD_MAX_MB) leaves room for xlsx. The middleware refuses a larger upload from
    # its Content-Length; this bounds one sent without.
    limit = upload_limit_bytes()
    destination.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with destination.open("wb") as f:
        for chunk in upload.chunks():
            size += len(chunk)
            if size > limit:
                raise DomainError(
                    _("The file is larger than %(limit)s MB.")
                    % {"limit": settings.BANSOU_UPLOAD_MAX_MB}
                )
            f.write(chunk)
    return size


def _read_header(path: Path, info: FileInfo) -> tuple[int, list[str]]:
    with open_table(path, info) as table:
        return table.header_row, table.header


def file_info(job: ImportJob) -> FileInfo:
    return FileInfo(job.file_format, job.encoding, job.delimiter)


def create_job(*, kind: ImportKind, upload, user, options: dict | None = None) -> ImportJob:
    """Store the upload under var/imports, detect its format and header, guess the mapping.

    Uploads left unfinished past the retention period go first (one query when there are none).
    """
    retention.purge_stale_jobs()
    job = ImportJob(
        organization=user.organization,
        kind=kind.code,
        file_name=Path(upload.name or "upload").name[:255],
        user=user,
        options=dict(options or {}),
    )
    _attach_file(job, upload, kind)
    job.save()
    log_action(job, "dataio.import.created", user, {"file_name": _file_change(None, job)})
    return job


def _file_change(old_name, job: ImportJob) -> dict:
    label = str(ImportJob._meta.get_field("file_name").verbose_name)
    return {"label": label, "old": old_name, "new": job.file_name}


def _attach_file(job: ImportJob, upload, kind: ImportKind) -> None:
    path = job.path
    try:
        job.file_size = _store(upload, path)
        info = inspect_file(path, job.file_name)
        job.header_row, job.header = _read_header(path, info)
    except FileProblem as exc:
        path.unlink(missing_ok=True)
        raise DomainError(exc.message, code="file") from exc
    except DomainError:
        path.unlink(missing_ok=True)
        raise
    job.file_format, job.encoding, job.delimiter = info.file_format, info.encoding, info.delimiter
    if not job.mapping:
        job.mapping = auto_mapping(kind, job.header)
    else:
        job.mapping = clean_mapping(kind, job.mapping, len(job.header))


def replace_file(job: ImportJob, *, upload) -> ImportJob:
    """A corrected file for the same job: the mapping is kept if the header still fits."""
    if job.is_committed:
        raise DomainError(_("This import is finished; start a new one."))
    kind = job.kind_object
    old_name = job.file_name
    old_header = list(job.header)
    old_path, old_problems = job.path, job.problems_path
    job.token = uuid.uuid4()
    try:
        _attach_file(job, upload, kind)
    except DomainError:
        job.refresh_from_db()  # the stored job still points at the previous file
        raise
    if job.header != old_header:
        job.mapping = auto_mapping(kind, job.header)
    job.file_name = Path(upload.name or job.file_name).name[:255]
    job.status = ImportStatus.UPLOADED
    job.checked_at = None
    job.save()
    log_action(job, "dataio.import.updated", job.user, {"file_name": _file_change(old_name, job)})
    old_path.unlink(missing_ok=True)
    old_problems.unlink(missing_ok=True)
    return job


def set_mapping(job: ImportJob, mapping: dict) -> None:
    job.mapping = clean_mapping(job.kind_object, mapping, len(job.header))
    job.status = ImportStatus.UPLOADED
    job.save(update_fields=["mapping", "status"])


MISSING_SHOWN = 1000  # businesses listed on the job (the dry run counts them all)


def _store_counts(job: ImportJob, result: RunResult) -> None:
    job.total_rows = result.total_rows
    job.error_count = result.error_count
    job.error_rows = result.problems.error_rows + bool(result.file_problem)
    job.review_count = result.review_count
    job.created_count = result.counts.get("create", 0)
    job.updated_count = result.counts.get("update", 0)
    job.unchanged_count = result.counts.get("unchanged", 0)
    job.missing_businesses = [list(item) for item in result.missing_businesses[:MISSING_SHOWN]]


def check_job(job: ImportJob, *, progress=None) -> RunResult:
    """The dry run: every row cleaned and resolved, every problem logged; nothing written."""
    if job.is_committed:
        raise DomainError(_("This import is finished; start a new one."))
    result = run_import(
        job.kind_object,
        job.path,
        file_info(job),
        organization=job.organization,
        actor=job.user,
        mapping=job.mapping,
        commit=False,
        problems_path=job.problems_path,
        job=job,
        create_missing_businesses=job.create_missing_businesses,
        progress=progress,
        options=job.options,
    )
    _store_counts(job, result)
    job.status = ImportStatus.INVALID if result.error_count else ImportStatus.VALID
    job.checked_at = timezone.now()
    job.save()
    return result


def commit_job(job: ImportJob, *, actor, accept_reviews: bool = False, progress=None) -> RunResult:
    """Write every row in one transaction, or nothing; the job records the outcome."""
    job.refresh_from_db()  # another request may have committed it meanwhile
    if job.is_committed:
        raise DomainError(_("This file has already been imported."))
    if job.status != ImportStatus.VALID:
        raise DomainError(_("Check the file (dry run) and fix every problem before importing."))
    if job.review_count and not accept_reviews:
        raise DomainError(_("Confirm the rows matched by name and phone before importing."))

    def finish(result: RunResult, _run) -> None:
        # A second click on "import" waits here for the first and then finds it done; its
        # transaction (which found every row already stored) is rolled back.
        if ImportJob.objects.select_for_update().get(pk=job.pk).is_committed:
            raise DomainError(_("This file has already been imported."))
        _store_counts(job, result)
        job.status = ImportStatus.COMMITTED
        job.finished_at = timezone.now()
        job.save()
        log_action(job, "dataio.import.committed", actor, _job_changes(job))

    result = run_import(
        job.kind_object,
        job.path,
        file_info(job),
        organization=job.organization,
        actor=actor,
        mapping=job.mapping,
        commit=True,
        problems_path=job.problems_path,
        accept_reviews=accept_reviews,
        job=job,
        before_commit=finish,
        create_missing_businesses=job.create_missing_businesses,
        progress=progress,
        options=job.options,
    )
    if not result.committed:
        # The data changed since the dry run (a business was deleted, say): show why.
        _store_counts(job, result)
        job.status = ImportStatus.INVALID
        job.save()
        raise DomainError(
            _("Nothing was imported: %(count)s problems were found. See the list below.")
            % {"count": result.error_count}
        )
    job.path.unlink(missing_ok=True)
    return result


def create_missing_businesses(job: ImportJob, *, actor) -> RunResult:
    """The user agreed to create the businesses the file names that the register lacks: they
    are created with the import (same transaction, all or nothing); the file is checked again."""
    if job.is_committed:
        raise DomainError(_("This import is finished; start a new one."))
    if not job.missing_businesses:
        raise DomainError(_("Every business of this file is registered."))
    job.create_missing_businesses = True
    job.save(update_fields=["create_missing_businesses"])
    log_action(job, "dataio.import.missing_businesses_accepted", actor)
    return check_job(job)


@transaction.atomic
def discard_job(job: ImportJob, *, actor) -> None:
    job.path.unlink(missing_ok=True)
    job.problems_path.unlink(missing_ok=True)
    log_action(job, "dataio.import.discarded", actor)
    job.delete()


def import_file(
    kind,
    path: Path,
    *,
    organization,
    actor=None,
    dry_run: bool = False,
    accept_reviews: bool = False,
    mapping: dict | None = None,
    problems_path: Path | None = None,
    create_missing_businesses: bool = False,
    progress=None,
    options: dict | None = None,
) -> tuple[RunResult, ImportJob | None]:
    """A file from disk, as `bansou import` runs it; the committed import is recorded as a job.

    With dry_run every row is checked and nothing is written. Otherwise the rows are checked
    and written in one pass inside one transaction: the first problem stops the writing,
    the remaining rows are still checked so that every problem is listed, and the
    transaction is rolled back, so nothing is stored unless every row is valid. (Checking
    first and writing in a second pass read and cleaned every row twice; one pass is what
    makes 100,000 records a few seconds.)"""
    try:
        info = inspect_file(path)
        _header_row, header = _read_header(path, info)
    except FileProblem as exc:
        result = RunResult()
        result.file_problem = exc.message
        return result, None
    mapping = clean_mapping(kind, mapping or auto_mapping(kind, header), len(header))
    common = {
        "organization": organization,
        "mapping": mapping,
        "problems_path": problems_path,
        "create_missing_businesses": create_missing_businesses,
        "progress": progress,
        "options": options,
    }
    if dry_run:
        return run_import(kind, path, info, actor=actor, commit=False, **common), None
    job = ImportJob(
        organization=organization,
        kind=kind.code,
        file_name=path.name[:255],
        file_format=info.file_format,
        encoding=info.encoding,
        delimiter=info.delimiter,
        file_size=path.stat().st_size,
        user=actor if getattr(actor, "pk", None) else None,
        header=header,
        mapping=mapping,
    )

    def finish(result: RunResult, _run) -> None:
        _store_counts(job, result)
        job.status = ImportStatus.COMMITTED
        job.checked_at = job.finished_at = timezone.now()
        job.save()
        log_action(job, "dataio.import.committed", actor, _job_changes(job))

    result = run_import(
        kind,
        path,
        info,
        actor=actor,
        commit=True,
        accept_reviews=accept_reviews,
        before_commit=finish,
        **common,
    )
    return result, (job if result.committed else None)


def _job_changes(job: ImportJob) -> dict:
    return {
        "rows": {"label": _("rows"), "old": None, "new": job.total_rows},
        "created": {"label": _("new"), "old": None, "new": job.created_count},
        "updated": {"label": _("updated"), "old": None, "new": job.updated_count},
    }
