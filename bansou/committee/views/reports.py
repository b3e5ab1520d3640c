"""The report as files (a meeting's snapshot, or its live draft) and the public page."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from bansou.core.exports import XLSX_TYPE
from bansou.core.permissions import Capability, requires
from bansou.evaluation.engine import evaluate
from bansou.evaluation.loaders import get_fiscal_year, get_plan_for_user
from bansou.lib.eras import fiscal_year_label
from bansou.organizations.models import Organization

from ..loaders import get_meeting_for_user
from ..models import MeetingStatus, Snapshot
from ..outputs import render_pdf, render_xlsx
from ..presentation import present
from ..reports import meeting_report


def _filename(meeting, extension: str, draft: bool) -> str:
    return _year_filename(meeting.fiscal_year, extension, draft)


def _year_filename(fiscal_year: int, extension: str, draft: bool) -> str:
    # 令和6年度, as the chamber names its years everywhere (never 2024年度).
    stem = _("evaluation-committee-report-%(year)s") % {"year": fiscal_year_label(fiscal_year)}
    if draft:
        stem = _("%(name)s-draft") % {"name": stem}
    return f"{stem}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@requires(Capability.EVALUATION_READ)
@require_GET
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    report, _parts = meeting_report(meeting)
    draft = report.get("status") != "final"
    return _download(render_xlsx(report), XLSX_TYPE, _filename(meeting, "xlsx", draft))


@requires(Capability.EVALUATION_READ)
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    report, _parts = meeting_report(meeting)
    draft = report.get("status") != "final"
    return _download(render_pdf(report), "application/pdf", _filename(meeting, "pdf", draft))


DRAFT_FORMATS = {"xlsx": (render_xlsx, XLSX_TYPE), "pdf": (render_pdf, "application/pdf")}


@requires(Capability.EVALUATION_READ)
@require_GET
def draft_report(request: HttpRequest, plan_pk: int, fiscal_year: int, file_format: str):
    """The live table of a year as the report's files, marked 下書き, to circulate before the
    meeting (the meeting's own files add its members, decisions and opinions)."""
    plan = get_plan_for_user(request.user, plan_pk)
    get_fiscal_year(plan, fiscal_year)
    if file_format not in DRAFT_FORMATS:
        raise Http404
    renderer, content_type = DRAFT_FORMATS[file_format]
    content = renderer(evaluate(plan, fiscal_year))  # a bare evaluation renders as a draft
    return _download(content, content_type, _year_filename(fiscal_year, file_format, True))


def _published_snapshot(organization: Organization, fiscal_year: int) -> Snapshot | None:
    return (
        Snapshot.objects.filter(
            organization=organization,
            meeting__fiscal_year=fiscal_year,
            meeting__status=MeetingStatus.CLOSED,
        )
        .order_by("-created_at", "-pk")
        .only("pk", "created_at", "result")
        .first()
    )


@requires(Capability.PUBLIC_REPORT)
@require_GET
# Public, but every cache asks again before reuse (no-cache): a reopened meeting's page must
# disappear at once, and a republished one change at once. The ETag names the snapshot, so an
# unchanged page costs a 304 and one query.
@cache_control(public=True, no_cache=True, max_age=0)
def public_report(request: HttpRequest, org_slug: str, fiscal_year: int) -> HttpResponse:
    """No login: the frozen report of a closed meeting, without names of people or businesses."""
    organization = get_object_or_404(Organization, slug=org_slug)
    frozen = _published_snapshot(organization, fiscal_year)
    if frozen is None:
        raise Http404
    etag = f'"report-{frozen.pk}-{int(frozen.created_at.timestamp() * 1_000_000)}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    # Published in the chamber's language, whatever the visitor's browser asks for.
    with translation.override(settings.LANGUAGE_CODE):
        response = render(
            request, "committee/public.html", {"report": present(frozen.result, public=True)}
        )
    response["ETag"] = etag
    return response
