"""Import screens (upload → mapping with preview → dry run → commit → result) and exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bansou.core.errors import DomainError
from bansou.core.exports import XLSX_TYPE, FileFormat, download
from bansou.core.permissions import Capability, requires
from bansou.jobs import handlers as job_handlers
from bansou.jobs import services as jobs
from bansou.jobs.views import started

from . import services
from .engine import mapping_problems, preview
from .exporters import ImportJobExporter, ProblemExporter
from .forms import CommitForm, MappingForm, ReplaceForm, UploadForm
from .history import template_xlsx
from .loaders import get_job_for_user
from .models import ImportJob, ImportStatus
from .problems import KEPT_IN_MEMORY, Level, read_problems
from .reading import FileProblem
from .registry import export_kinds, get_export_kind, get_import_kind, import_kinds

RECENT_JOBS = 10


@requires(Capability.DATA_IMPORT)
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None, request.FILES or None, organization=request.user.organization
    )
    if request.method == "POST" and form.is_valid():
        kind = get_import_kind(form.cleaned_data["kind"])
        try:
            job = services.create_job(
                kind=kind, upload=form.cleaned_data["file"], user=request.user, options=form.options
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("dataio:mapping", pk=job.pk)
    jobs = ImportJob.objects.for_user(request.user).select_related("user")[:RECENT_JOBS]
    context = {
        "form": form,
        "kinds": import_kinds(on_the_web=True),
        "exports": [k for k in export_kinds() if k.allowed(request.user)],
        "jobs": jobs,
    }
    return render(request, "dataio/index.html", context)


def _preview(job: ImportJob, request: HttpRequest, mapping: dict):
    try:
        run, rows = preview(
            job.kind_object,
            job.path,
            services.file_info(job),
            organization=job.organization,
            actor=request.user,
            mapping=mapping,
            create_missing_businesses=job.create_missing_businesses,
            options=job.options,
        )
    except FileProblem as exc:
        return None, [], exc.message
    return run, rows, ""


@requires(Capability.DATA_IMPORT)
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    if job.is_committed:
        return redirect("dataio:job", pk=job.pk)
    kind = job.kind_object
    form = MappingForm(request.POST or None, kind=kind, header=job.header, mapping=job.mapping)
    if request.method == "POST" and form.is_valid():
        services.set_mapping(job, form.mapping())
        if "check" in request.POST and not mapping_problems(kind, job.mapping):
            return _start_check(request, job)
        form = MappingForm(kind=kind, header=job.header, mapping=job.mapping)
    run, rows, file_problem = _preview(job, request, job.mapping)
    mapped = [c for c in kind.columns if job.mapping.get(c.field) is not None]
    context = {
        "job": job,
        "kind": kind,
        "form": form,
        "problems": mapping_problems(kind, job.mapping),
        "mapped_columns": mapped,
        "preview_rows": [_preview_row(r, mapped, run) for r in rows],
        "file_problem": file_problem,
    }
    return render(request, "dataio/mapping.html", context)


def _preview_row(row, columns, run) -> dict:
    errors = {}
    for field_name, message in row.errors:
        errors.setdefault(field_name, []).append(message)
    return {
        "number": row.number,
        "action": row.action if row.ok else "error",
        "match": row.match,
        "cells": [(c.display(row.values.get(c.field)), errors.pop(c.field, [])) for c in columns],
        # Problems with fields that are not shown as a column (the business, say).
        "other_errors": [
            f"{run.column_name(name)}: {m}" for name, ms in errors.items() for m in ms
        ],
        "reviews": [m for _f, m in row.reviews],
    }


@requires(Capability.DATA_IMPORT)
@require_GET
def dry_run(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    if job.status == ImportStatus.UPLOADED:
        return redirect("dataio:mapping", pk=job.pk)
    return render(request, "dataio/dry_run.html", _dry_run_context(job))


def _dry_run_context(job: ImportJob, commit_form=None) -> dict:
    errors, reviews = [], []
    for problem in read_problems(job.problems_path):
        target = errors if problem.level == Level.ERROR else reviews
        if len(target) < KEPT_IN_MEMORY:
            target.append(problem)
        if len(errors) >= KEPT_IN_MEMORY and len(reviews) >= KEPT_IN_MEMORY:
            break
    return {
        "job": job,
        "kind": job.kind_object,
        "errors": errors,
        "reviews": reviews,
        "shown_limit": KEPT_IN_MEMORY,
        "commit_form": commit_form or CommitForm(review_count=job.review_count),
        # A check or import of this file running in the background: its button waits.
        "running_job": jobs.active_for(_subject(job)),
        "replace_form": ReplaceForm(),
    }


@requires(Capability.DATA_IMPORT)
@require_POST
def replace(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    form = ReplaceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the corrected file."))
        return redirect("dataio:dry_run", pk=job.pk)
    try:
        services.replace_file(job, upload=form.cleaned_data["file"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dataio:dry_run" if job.checked_at else "dataio:mapping", pk=job.pk)
    if mapping_problems(job.kind_object, job.mapping):
        return redirect("dataio:mapping", pk=job.pk)
    services.check_job(job)
    return redirect("dataio:dry_run", pk=job.pk)


@requires(Capability.DATA_IMPORT)
@require_GET
def errors(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    return download(request, ProblemExporter, job.problems_path, default_format=FileFormat.CSV)


@requires(Capability.DATA_IMPORT)
@require_POST
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    form = CommitForm(request.POST, review_count=job.review_count)
    if not form.is_valid():
        return render(request, "dataio/dry_run.html", _dry_run_context(job, form), status=400)
    # The rows are written by the worker (bansou.jobs), with a progress bar and a cancel
    # button; one transaction, so a cancelled or failed import writes nothing.
    try:
        background = jobs.start(
            kind=job_handlers.IMPORT_COMMIT,
            user=request.user,
            title=_("Import: %(name)s") % {"name": job.file_name},
            subject=_subject(job),
            params={
                "import_job": job.pk,
                "accept_reviews": form.cleaned_data.get("accept_reviews", False),
            },
            rows_total=job.total_rows,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dataio:dry_run", pk=job.pk)
    return started(request, background, failed_url=reverse("dataio:dry_run", args=[job.pk]))


def _subject(job: ImportJob) -> str:
    return f"dataio.importjob:{job.pk}"


def _start_check(request: HttpRequest, job: ImportJob) -> HttpResponse:
    """The dry run of the whole file, in the background with its progress."""
    try:
        background = jobs.start(
            kind=job_handlers.IMPORT_CHECK,
            user=request.user,
            title=_("Check: %(name)s") % {"name": job.file_name},
            subject=_subject(job),
            params={"import_job": job.pk},
            rows_total=job.total_rows,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("dataio:mapping", pk=job.pk)
    return started(request, background, failed_url=reverse("dataio:mapping", args=[job.pk]))


@requires(Capability.DATA_IMPORT)
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    kind = job.kind_object
    list_url = None
    if kind.list_url_name:
        try:
            list_url = reverse(kind.list_url_name)
        except NoReverseMatch:
            list_url = None
    return render(request, "dataio/job.html", {"job": job, "kind": kind, "list_url": list_url})


@requires(Capability.DATA_IMPORT)
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    if job.is_committed:
        messages.error(request, _("An import that is finished stays in the history."))
        return redirect("dataio:job", pk=job.pk)
    services.discard_job(job, actor=request.user)
    messages.success(request, _("The uploaded file was discarded."))
    return redirect("dataio:index")


@requires(Capability.RECORDS_EXPORT)
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """A whole list as a file: the same exporters as `bansou export`, as the user may see it."""
    export_kind = get_export_kind(kind)
    if export_kind is None:
        raise Http404("unknown export")
    if not export_kind.allowed(request.user):
        raise PermissionDenied
    return download(request, export_kind.exporter, export_kind.queryset(user=request.user))


@requires(Capability.DATA_IMPORT)
@require_POST
def create_missing(request: HttpRequest, pk: int) -> HttpResponse:
    """The user agrees to create the unregistered businesses the file names, then rechecks."""
    job = get_job_for_user(request.user, pk)
    try:
        services.create_missing_businesses(job, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("dataio:dry_run", pk=job.pk)


@requires(Capability.DATA_IMPORT)
@require_GET
def template(request: HttpRequest, kind: str) -> HttpResponse:
    """The kind's template (ひな形): its Japanese headers and an example row, as xlsx."""
    import_kind = get_import_kind(kind)
    if import_kind is None:
        raise Http404("unknown import kind")
    response = HttpResponse(template_xlsx(import_kind), content_type=XLSX_TYPE)
    filename = f"{kind.replace('_', '-')}-template.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires(Capability.DATA_IMPORT)
@require_GET
def jobs_export(request: HttpRequest) -> HttpResponse:
    """The whole history of imports, of which the data page shows the latest."""
    return download(request, ImportJobExporter, ImportJob.objects.for_user(request.user))
