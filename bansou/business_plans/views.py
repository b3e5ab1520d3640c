"""Business plan screens: list, download, create, page, edit, complete, approve, delete."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.audit.models import AuditEntry
from bansou.audit.views_log import log_business_view
from bansou.businesses.models import Business
from bansou.businesses.picker import choose_business, picked_business
from bansou.core.errors import DomainError
from bansou.core.exports import download
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires

from . import services
from .exports import PlanExporter
from .forms import (
    ApproveForm,
    CompleteForm,
    PlanFilterForm,
    PlanForm,
    YearTargetFormSet,
    new_plan_initial,
    target_initial,
)
from .loaders import get_plan_for_user
from .models import BusinessPlan

AUDIT_ENTRIES_SHOWN = 20


def _filtered(request: HttpRequest):
    plans = BusinessPlan.objects.for_user(request.user)
    fiscal_years = (
        plans.exclude(fiscal_year=None)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    form = PlanFilterForm(
        request.GET or None,
        organization=request.user.organization,
        fiscal_years=list(fiscal_years),
    )
    return form, form.apply(plans)


@requires(Capability.RECORDS_READ)
def plan_list(request: HttpRequest) -> HttpResponse:
    form, plans = _filtered(request)
    page = paginate(request, plans.select_related("business", "staff", "analysis"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"filter_form": form, "page": page, "query_string": params.urlencode()}
    template = "business_plans/_table.html" if request.htmx else "business_plans/list.html"
    return render(request, template, context)


@requires(Capability.RECORDS_EXPORT)
def plan_export(request: HttpRequest) -> HttpResponse:
    _form, plans = _filtered(request)
    return download(request, PlanExporter, plans)


@requires(Capability.RECORDS_READ)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    log_business_view(request.user, plan.business, via="business plan")
    context = {
        "plan": plan,
        "business": plan.business,
        "targets": list(plan.year_targets.all()),
        "reports": list(plan.reports.select_related("staff")),
        "contacts": list(plan.contacts.select_related("staff")),
        "audit_entries": AuditEntry.objects.for_object(plan).select_related("actor")[
            :AUDIT_ENTRIES_SHOWN
        ],
        "can_write": request.user.can_write_records,
        "complete_form": CompleteForm(),
        "approve_form": ApproveForm(),
    }
    return render(request, "business_plans/detail.html", context)


def _plan_form_page(request: HttpRequest, plan: BusinessPlan, business: Business):
    organization = request.user.organization
    data = request.POST if request.method == "POST" else None
    initial = None
    if plan.pk is None and data is None:
        initial = new_plan_initial(business, timezone.localdate(), request.GET.get("analysis", ""))
    form = PlanForm(
        data, instance=plan, initial=initial, organization=organization, business=business
    )
    formset = YearTargetFormSet(data, initial=target_initial(plan), prefix="targets")
    if request.method == "POST" and form.is_valid():
        formset.baseline_fiscal_year = form.cleaned_data["baseline_fiscal_year"]
        if formset.is_valid():
            save = services.update_plan if plan.pk else services.create_plan
            try:
                saved = save(form.save(commit=False), formset.figures(), actor=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Saved the plan %(title)s.") % {"title": saved.title})
                return redirect("business_plans:detail", pk=saved.pk)
    elif request.method == "POST":
        formset.is_valid()  # show the rows' own errors together with the plan's
    context = {"form": form, "formset": formset, "plan": plan, "business": business}
    return render(request, "business_plans/form.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    business = picked_business(request)
    if business is None:
        return choose_business(request, "business_plans/choose_business.html")
    plan = BusinessPlan(business=business, staff=request.user)
    return _plan_form_page(request, plan, business)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    return _plan_form_page(request, plan, plan.business)


def _refused(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@requires(Capability.RECORDS_WRITE)
@require_POST
def plan_complete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        _refused(request, form)
        return redirect("business_plans:detail", pk=plan.pk)
    try:
        services.complete_plan(plan, form.cleaned_data["completed_on"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The plan is completed. The first report is due in six months.")
        )
    return redirect("business_plans:detail", pk=plan.pk)


@requires(Capability.RECORDS_WRITE)
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        _refused(request, form)
        return redirect("business_plans:detail", pk=plan.pk)
    try:
        services.approve_plan(
            plan,
            form.cleaned_data["approved_on"],
            form.cleaned_data["approving_body"],
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Recorded the approval."))
    return redirect("business_plans:detail", pk=plan.pk)


@requires(Capability.RECORDS_WRITE)
@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    try:
        services.delete_plan(plan, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("business_plans:detail", pk=plan.pk)
    messages.success(request, _("Deleted the plan %(title)s.") % {"title": plan.title})
    return redirect("business_plans:list")
