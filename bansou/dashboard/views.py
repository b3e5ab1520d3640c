"""The lead advisor's dashboard: the year's evaluation, progress, pipeline and groups as charts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from bansou.committee.views.progress import filter_form
from bansou.core.errors import DomainError
from bansou.core.permissions import Capability, requires
from bansou.evaluation.engine import get_plan

from . import presentation as p
from .figures import from_counts


def _figures(request: HttpRequest):
    """(form, figures or None, problem): the figures from the counts kept on write."""
    form = filter_form(request)
    fiscal_year, as_of = form.selection()
    try:
        plan = get_plan(request.user.organization, fiscal_year)
    except DomainError as exc:
        return form, None, exc.message
    return form, from_counts(plan, fiscal_year, as_of), ""


def _row_context(payload: dict, key: str | None) -> dict:
    row = p.choose_row(payload, key)
    return {"row": row, "row_chart": p.drawn(p.row_progress(payload, row)) if row else None}


@requires(Capability.EVALUATION_READ)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form, payload, problem = _figures(request)
    context = {"form": form, "problem": problem, "payload": payload}
    if payload is not None:
        context |= _row_context(payload, request.GET.get("row"))
        context["charts"] = [
            p.drawn(p.section_rates(payload)),
            p.drawn(p.pipeline_months(payload)),
            p.drawn(p.pipeline_staff(payload)),
            p.drawn(p.follow_up_groups(payload)),
        ]
        context["review_rows"] = [row for row in payload["rows"] if row["needs_review"]]
        context["selectable_rows"] = [row for row in payload["rows"] if row["target"] is not None]
    return render(request, "dashboard/index.html", context)


@requires(Capability.EVALUATION_READ)
@require_GET
def row_chart(request: HttpRequest) -> HttpResponse:
    """The line of one row (htmx swaps it in when the select changes)."""
    form, payload, problem = _figures(request)
    context = {"form": form, "problem": problem}
    if payload is not None:
        context |= _row_context(payload, request.GET.get("row"))
    return render(request, "dashboard/_row_chart.html", context)


@requires(Capability.EVALUATION_READ)
@require_GET
def pack(request: HttpRequest) -> HttpResponse:
    """The monthly meeting pack as a PDF: the same charts, drawn as SVG for paper."""
    from .pack import pack_filename, pack_pdf

    form, payload, problem = _figures(request)
    if payload is None:
        return render(request, "dashboard/index.html", {"form": form, "problem": problem})
    response = HttpResponse(pack_pdf(payload), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, pack_filename(payload))
    return response
