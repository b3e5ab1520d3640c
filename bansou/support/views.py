"""Support record screens: list and download, create, page, edit, delete, next action."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bansou.audit.models import AuditEntry
from bansou.audit.views_log import log_business_view
from bansou.businesses.loaders import get_business_for_user
from bansou.businesses.models import Business
from bansou.core.errors import DomainError
from bansou.core.exports import download
from bansou.core.ids import optional_id_or_404
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires

from . import services
from .choices import Channel
from .exports import SupportRecordExporter
from .forms import RecordFilterForm, SupportRecordForm
from .loaders import get_record_for_user
from .models import LOCAL_TZ, NARRATIVE_FIELDS, SupportRecord, SupportRecordTheme

BUSINESS_OPTIONS_SHOWN = 30
AUDIT_ENTRIES_SHOWN = 20
RECORD_FIELDS = (
    *NARRATIVE_FIELDS,
    "time_known",
    "duration_minutes",
    "next_action",
    "next_action_due",
)


def with_themes(records):
    """One extra query for the themes of a page of records, whatever its size."""
    return records.prefetch_related(
        Prefetch("themes", queryset=SupportRecordTheme.objects.order_by("theme"))
    )


def _filtered(request: HttpRequest):
    form = RecordFilterForm(request.GET or None, user=request.user)
    return form, form.apply(SupportRecord.objects.for_user(request.user))


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@requires(Capability.RECORDS_READ)
@require_GET
def record_list(request: HttpRequest) -> HttpResponse:
    form, records = _filtered(request)
    records = with_themes(records.select_related("business", "staff"))
    page = paginate(request, records.order_by("-occurred_at", "-pk"))
    context = {"filter_form": form, "page": page, "query_string": _query_string(request)}
    template = "support/_table.html" if request.htmx else "support/list.html"
    return render(request, template, context)


@requires(Capability.RECORDS_EXPORT)
@require_GET
def record_export(request: HttpRequest) -> HttpResponse:
    _form, records = _filtered(request)
    return download(request, SupportRecordExporter, records)


def _record_fields(form: SupportRecordForm) -> dict:
    return {name: form.cleaned_data[name] for name in RECORD_FIELDS}


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest) -> HttpResponse:
    organization = request.user.organization
    now = timezone.localtime(timezone.now(), LOCAL_TZ)
    initial = {
        "occurred_on": now.date(),
        "channel": Channel.VISIT,
    }
    preselected = optional_id_or_404(request.GET.get("business", ""))
    business = None
    if preselected is not None:
        business = get_business_for_user(request.user, preselected, write=True)
        initial["business"] = business.pk
    form = SupportRecordForm(
        request.POST or None, initial=initial, organization=organization, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.record_support(
                business=data["business"],
                staff=request.user,
                occurred_at=data["occurred_at"],
                channel=data["channel"],
                themes=data["themes"],
                **_record_fields(form),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Recorded the support for %(name)s.") % {"name": record.business}
            )
            url = reverse("businesses:detail", kwargs={"pk": record.business_id})
            return redirect(f"{url}#timeline")
    return render(request, "support/form.html", {"form": form, "business": business})


@requires(Capability.RECORDS_READ)
@require_GET
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk)
    log_business_view(request.user, record.business, via="support record")
    entries = AuditEntry.objects.for_object(record).select_related("actor")
    context = {
        "record": record,
        "themes": list(record.themes.order_by("theme")),
        "audit_entries": entries[:AUDIT_ENTRIES_SHOWN],
        "can_write": request.user.can_write_records,
    }
    return render(request, "support/detail.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk, write=True)
    form = SupportRecordForm(
        request.POST or None,
        instance=record,
        organization=record.organization,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_support_record(
                form.apply_to_instance(), themes=form.cleaned_data["themes"], actor=request.user
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the support record."))
            return redirect("support:detail", pk=record.pk)
    return render(request, "support/form.html", {"form": form, "record": record})


@requires(Capability.RECORDS_WRITE)
@require_POST
def record_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk, write=True)
    business_id = record.business_id
    services.delete_support_record(record, actor=request.user)
    messages.success(request, _("Deleted the support record."))
    return redirect("businesses:detail", pk=business_id)


@requires(Capability.RECORDS_WRITE)
@require_POST
def next_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick off a next action (from the record page or the start page); done=0 reopens it."""
    record = get_record_for_user(request.user, pk, write=True)
    done = request.POST.get("done", "1") != "0"
    try:
        services.mark_next_action_done(record, actor=request.user, done=done)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if done:
            messages.success(request, _("Marked the next action as done."))
        else:
            messages.success(request, _("Reopened the next action."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("support:detail", pk=record.pk)


@requires(Capability.RECORDS_WRITE)
@require_GET
def business_options(request: HttpRequest) -> HttpResponse:
    """<option>s for the form's business picker: a name or kana search over the businesses
    the user may see (thousands per chamber, so never all of them)."""
    query = request.GET.get("q", "").strip()
    businesses = Business.objects.for_user(request.user)
    if query:
        businesses = businesses.search(query)
    found = list(
        businesses.select_related("district").order_by("name_kana", "pk")[
            : BUSINESS_OPTIONS_SHOWN + 1
        ]
    )
    context = {
        "businesses": found[:BUSINESS_OPTIONS_SHOWN],
        "more": len(found) > BUSINESS_OPTIONS_SHOWN,
        "query": query,
    }
    return render(request, "support/_business_options.html", context)
