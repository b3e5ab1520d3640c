"""Follow-up screens: the lists and their downloads, a report, a contact, the reminder."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bansou.audit.export_log import log_document
from bansou.audit.views_log import log_business_view
from bansou.business_plans.loaders import get_plan_for_user
from bansou.core.errors import DomainError
from bansou.core.exports import download
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires
from bansou.lib.eras import format_wareki

from . import lists, services
from .exports import AdvisorSummaryExporter, FollowUpPlanExporter
from .forms import ContactForm, FollowUpFilterForm, ReportForm, Tab
from .loaders import get_report_for_user


def _filtered(request: HttpRequest):
    """The filter form and the followed plans it keeps (shared by the lists and downloads)."""
    form = FollowUpFilterForm(request.GET or None, organization=request.user.organization)
    return form, form.apply(lists.followed_plans(request.user))


@requires(Capability.RECORDS_READ)
def followup_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form, plans = _filtered(request)
    tab = form.current_tab
    context = {
        "filter_form": form,
        "tab": tab,
        "tabs": FollowUpFilterForm.TABS,
        "today": today,
        "counts": lists.counts(plans, today),
    }
    if tab == Tab.ADVISORS:
        context["advisors"] = lists.by_advisor(plans, today)
    else:
        rows = lists.apply_tab(plans, tab, today).select_related("business", "staff")
        context["page"] = paginate(request, rows.order_by(*lists.ROW_ORDER))
    params = request.GET.copy()
    params.pop("page", None)
    context["query_string"] = params.urlencode()
    params.pop("tab", None)
    context["filter_string"] = params.urlencode()
    return render(request, "followups/list.html", context)


@requires(Capability.RECORDS_EXPORT)
@require_GET
def followup_export(request: HttpRequest) -> HttpResponse:
    """The current tab as a file: its plans, or on the by-advisor tab the summary rows."""
    today = timezone.localdate()
    form, plans = _filtered(request)
    tab = form.current_tab
    if tab == Tab.ADVISORS:
        return download(request, AdvisorSummaryExporter, plans, today=today)
    rows = lists.apply_tab(plans, tab, today)
    return download(request, FollowUpPlanExporter, rows, today=today, tab=tab)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_pk, write=True)
    return _report_form(
        request,
        plan,
        None,
        lambda data: services.record_report(plan, actor=request.user, **data),
        _("Recorded the report: group %(group)d, next contact due %(due)s."),
    )


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, write=True)
    return _report_form(
        request,
        report.plan,
        report,
        lambda data: services.update_report(report, actor=request.user, **data),
        _("Saved the report: group %(group)d, next contact due %(due)s."),
    )


def _report_form(request, plan, report, save, saved_message) -> HttpResponse:
    """The six-monthly report form, new or edited; `save` records the cleaned data."""
    targets = list(plan.year_targets.all())
    form = ReportForm(request.POST or None, plan=plan, targets=targets, report=report)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except services.DuplicateReportError as error:
            form.add_error(None, error.message)
            existing = error.report
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                saved_message
                % {"group": saved.group, "due": format_wareki(saved.next_contact_due)},
            )
            return redirect("followups:report_detail", pk=saved.pk)
    context = {
        "form": form,
        "plan": plan,
        "business": plan.business,
        "targets": targets,
        "report": report,
        "existing_report": existing,
    }
    return render(request, "followups/report_form.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_pk, write=True)
    form = ContactForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_contact(plan, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Recorded the contact."))
            return redirect("business_plans:detail", pk=plan.pk)
    context = {"form": form, "plan": plan, "business": plan.business}
    return render(request, "followups/contact_form.html", context)


@requires(Capability.RECORDS_READ)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    log_business_view(request.user, report.business, via="follow-up report")
    target = report.plan.year_targets.filter(fiscal_year=report.period_fiscal_year).first()
    context = {
        "report": report,
        "plan": report.plan,
        "business": report.business,
        "target": target,
        "can_write": request.user.can_write_records,
    }
    return render(request, "followups/report_detail.html", context)


@requires(Capability.RECORDS_WRITE)
def reminder(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """A printable letter asking the business for its six-monthly report (ご報告のお願い):
    the period due and not yet reported by the plan's schedule, or why there is none."""
    plan = get_plan_for_user(request.user, plan_pk, write=True)
    today = timezone.localdate()
    context = {
        "plan": plan,
        "business": plan.business,
        "organization": request.user.organization,
        "today": today,
    }
    try:
        context["report_request"] = services.report_request(plan, today)
    except DomainError as error:
        context["refusal"] = error.message
    else:
        log_document(request, plan, "report request letter", "html")
    return render(request, "followups/reminder.html", context)
