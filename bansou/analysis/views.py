"""Analysis screens: the list and its download, create, page, edit, complete, report, PDF."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bansou.audit.export_log import log_document
from bansou.audit.models import AuditEntry
from bansou.audit.views_log import log_business_view
from bansou.businesses.picker import choose_business, picked_business
from bansou.core.errors import DomainError
from bansou.core.exports import download
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires

from . import report, sections, services
from .exports import AnalysisExporter
from .forms import AnalysisFilterForm, AnalysisForm, StatementFormSet
from .loaders import get_analysis_for_user
from .models import BusinessAnalysis

AUDIT_ENTRIES_SHOWN = 20


def _filtered(request: HttpRequest):
    """The list's filter form and the analyses it shows (shared by the list and its download)."""
    visible = BusinessAnalysis.objects.for_user(request.user)
    fiscal_years = visible.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    form = AnalysisFilterForm(
        request.GET or None,
        organization=request.user.organization,
        fiscal_years=list(fiscal_years),
    )
    return form, form.apply(visible)


@requires(Capability.RECORDS_READ)
def analysis_list(request: HttpRequest) -> HttpResponse:
    form, analyses = _filtered(request)
    page = paginate(request, analyses.select_related("business", "staff", "district"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"filter_form": form, "page": page, "query_string": params.urlencode()}
    template = "analysis/_table.html" if request.htmx else "analysis/list.html"
    return render(request, template, context)


@requires(Capability.RECORDS_EXPORT)
@require_GET
def analysis_export(request: HttpRequest) -> HttpResponse:
    _form, analyses = _filtered(request)
    return download(request, AnalysisExporter, analyses)


def _form_and_periods(request: HttpRequest, analysis: BusinessAnalysis):
    organization = request.user.organization
    data = request.POST if request.method == "POST" else None
    form = AnalysisForm(data, instance=analysis, organization=organization)
    formset = StatementFormSet(
        data, instance=analysis, organization=organization, prefix="statements"
    )
    return form, formset


def _save(request, form, formset, save) -> BusinessAnalysis | None:
    """Run the service; a refusal is shown on the form and nothing is written."""
    statements = formset.save(commit=False)
    try:
        return save(form.save(commit=False), statements, formset.deleted_objects)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def analysis_create(request: HttpRequest) -> HttpResponse:
    business = picked_business(request)
    if business is None:
        return choose_business(request, "analysis/choose_business.html")
    analysis = BusinessAnalysis(
        business=business, staff=request.user, analysed_on=timezone.localdate()
    )
    form, formset = _form_and_periods(request, analysis)
    if request.method == "POST" and form.is_valid() and formset.is_valid():

        def save(analysis, statements, _deleted):
            return services.create_analysis(analysis, actor=request.user, statements=statements)

        if saved := _save(request, form, formset, save):
            messages.success(request, _("Saved the analysis of %(name)s.") % {"name": business})
            return redirect("analysis:detail", pk=saved.pk)
    context = {"form": form, "formset": formset, "business": business}
    return render(request, "analysis/form.html", context)


@requires(Capability.RECORDS_READ)
def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_analysis_for_user(request.user, pk)
    log_business_view(request.user, analysis.business, via="analysis")
    entries = AuditEntry.objects.for_object(analysis).select_related("actor")
    context = {
        "analysis": analysis,
        "business": analysis.business,
        "checklist": sections.checklist(analysis),
        "swot": sections.labelled(analysis, sections.SWOT),
        "cross_swot": sections.labelled(analysis, sections.CROSS_SWOT),
        "areas": sections.labelled(analysis, sections.SEVEN_AREAS),
        "audit_entries": entries[:AUDIT_ENTRIES_SHOWN],
        "can_write": request.user.can_write_records,
        **report.figures(analysis),
    }
    return render(request, "analysis/detail.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def analysis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_analysis_for_user(request.user, pk, write=True)
    form, formset = _form_and_periods(request, analysis)
    if request.method == "POST" and form.is_valid() and formset.is_valid():

        def save(analysis, statements, deleted):
            return services.update_analysis(
                analysis, actor=request.user, statements=statements, deleted=deleted
            )

        if _save(request, form, formset, save):
            messages.success(request, _("Saved the analysis."))
            return redirect("analysis:detail", pk=analysis.pk)
    context = {
        "form": form,
        "formset": formset,
        "business": analysis.business,
        "analysis": analysis,
    }
    return render(request, "analysis/form.html", context)


@requires(Capability.RECORDS_WRITE)
@require_POST
def analysis_complete(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_analysis_for_user(request.user, pk, write=True)
    try:
        services.complete_analysis(analysis, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The analysis is completed."))
    return redirect("analysis:detail", pk=analysis.pk)


def _report_context(analysis: BusinessAnalysis) -> dict:
    return {
        "analysis": analysis,
        "business": analysis.business,
        "organization": analysis.organization,
        "checklist": sections.checklist(analysis),
        "swot": sections.labelled(analysis, sections.SWOT),
        "cross_swot": sections.labelled(analysis, sections.CROSS_SWOT),
        "areas": sections.labelled(analysis, sections.SEVEN_AREAS),
        **report.figures(analysis),
    }


@requires(Capability.RECORDS_READ)
def analysis_report(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_analysis_for_user(request.user, pk)
    return render(request, "analysis/report.html", _report_context(analysis))


@requires(Capability.RECORDS_READ)
def analysis_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = get_analysis_for_user(request.user, pk)
    html = render_to_string("analysis/report_pdf.html", _report_context(analysis), request)
    response = report.pdf_response(analysis, html)
    log_document(request, analysis, "diagnosis report", "pdf")
    return response
