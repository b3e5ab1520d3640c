"""A job's page (progress bar polled with htmx, cancel, the file it made) and starting jobs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bansou.core.errors import DomainError
from bansou.core.permissions import Capability, requires

from . import handlers, live, services
from .models import Job, JobStatus

RECENT = 20


def _job(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(Job.objects.for_user(request.user), pk=pk)


@requires(Capability.MEMBER)
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(Job.objects.for_user(request.user)[:RECENT])
    for job in jobs:
        services.fail_if_stale(job)
    rows = [(job, services.counts_text(job.kind, job.rows_done, job.rows_total)) for job in jobs]
    return render(request, "jobs/list.html", {"rows": rows})


@requires(Capability.MEMBER)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "jobs/detail.html", {"view": services.view(job), "job": job})


@requires(Capability.MEMBER)
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress part of the page, which htmx asks for every second while the job runs."""
    job = _job(request, pk)
    return render(request, "jobs/_progress.html", {"view": services.view(job), "job": job})


@requires(Capability.MEMBER)
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        services.cancel(job, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("The job was asked to stop; nothing it did is kept."))
    return redirect("jobs:detail", pk=job.pk)


@requires(Capability.MEMBER)
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if not job.result_file:
        raise Http404("no file")
    path = live.results_dir() / job.result_file
    if not path.is_file():
        raise Http404("file gone")
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name)


def started(request: HttpRequest, job: Job, *, failed_url: str = "") -> HttpResponse:
    """Where a page goes after starting a job: the job's page while it runs; when it has
    already ended (BANSOU_JOBS_BACKEND=immediate, no worker), its outcome straight away."""
    if job.status == JobStatus.SUCCEEDED and job.result_url:
        if job.message:
            messages.success(request, job.message)
        return redirect(job.result_url)
    if job.status == JobStatus.FAILED and failed_url:
        messages.error(request, job.message)
        return redirect(failed_url)
    return redirect("jobs:detail", pk=job.pk)


@requires(Capability.RECORDS_EXPORT)
@require_POST
def start_export(request: HttpRequest, kind: str) -> HttpResponse:
    """A large list as a file made in the background (the same exporter as the download)."""
    from bansou.dataio.registry import get_export_kind

    export_kind = get_export_kind(kind)
    if export_kind is None:
        raise Http404("unknown export")
    if not export_kind.allowed(request.user):
        raise PermissionDenied
    params = {"kind": kind}
    for name in ("format", "dates", "encoding"):
        if request.POST.get(name):
            params[name] = request.POST[name]
    job = services.start(
        kind=handlers.EXPORT,
        user=request.user,
        title=_("Download: %(list)s") % {"list": export_kind.label},
        params=params,
    )
    return redirect("jobs:detail", pk=job.pk)


@requires(Capability.EVALUATION_READ)
@require_POST
def start_committee_pdf(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    from bansou.committee.loaders import get_meeting_for_user

    meeting = get_meeting_for_user(request.user, meeting_pk)
    try:
        job = services.start(
            kind=handlers.COMMITTEE_PDF,
            user=request.user,
            title=_("Committee report PDF: %(meeting)s") % {"meeting": meeting},
            subject=f"committee.meeting:{meeting.pk}:{request.user.pk}",
            params={"meeting": meeting.pk},
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(request.POST.get("next") or "committee:meeting_list")
    return redirect("jobs:detail", pk=job.pk)


@requires(Capability.EVALUATION_READ)
@require_POST
def start_meeting_pack(request: HttpRequest) -> HttpResponse:
    """The monthly meeting pack drawn by the worker, for the year and month of the query."""
    from bansou.committee.views.progress import filter_form
    from bansou.evaluation.engine import get_plan
    from bansou.lib.eras import fiscal_year_label
    from bansou.lib.formatting import wareki_date

    form = filter_form(request)
    fiscal_year, as_of = form.selection()
    back = reverse("dashboard:index") + "?" + request.GET.urlencode()
    try:
        get_plan(request.user.organization, fiscal_year)
        job = services.start(
            kind=handlers.MEETING_PACK,
            user=request.user,
            title=_("Monthly meeting pack: %(year)s, as of %(date)s")
            % {"year": fiscal_year_label(fiscal_year), "date": wareki_date(as_of)},
            subject=f"dashboard.pack:{fiscal_year}:{as_of.isoformat()}:{request.user.pk}",
            params={"fiscal_year": fiscal_year, "as_of": as_of.isoformat()},
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return redirect("jobs:detail", pk=job.pk)
