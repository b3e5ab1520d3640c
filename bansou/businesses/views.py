"""Business register screens: list, download, page (カルテ), create, edit, delete."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.audit.models import AuditEntry
from bansou.audit.views_log import log_business_view
from bansou.core.exports import download
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires
from bansou.dashboard.presentation import business_finance

from . import listing, services
from .exports import BusinessExporter
from .forms import BusinessFilterForm, BusinessForm
from .loaders import get_business_for_user
from .models import Business, SavedFilter
from .timeline import timeline_page

AUDIT_ENTRIES_SHOWN = 20
TIMELINE_PER_PAGE = 20


def _filtered(request: HttpRequest):
    form = BusinessFilterForm(request.GET or None, organization=request.user.organization)
    return form, form.apply(Business.objects.for_user(request.user))


@requires(Capability.RECORDS_READ)
def business_list(request: HttpRequest) -> HttpResponse:
    form, businesses = _filtered(request)
    sort = listing.sort_key(request.GET.get("sort"))
    ordered = businesses.order_by(*listing.ordering(sort))
    if form.is_valid() and form.cleaned_data["q"]:
        # A search reads the matching ids in order once (count and page from one scan of the
        # search column), then the page's rows by id.
        page = paginate(request, list(ordered.values_list("pk", flat=True)))
        rows = Business.objects.select_related("district").in_bulk(page.object_list)
        page.object_list = [rows[pk] for pk in page.object_list]
    else:
        page = paginate(request, ordered.select_related("district"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filter_form": form,
        "page": page,
        "query_string": params.urlencode(),
        "page_numbers": listing.page_numbers(page.number, page.paginator.num_pages),
        "sort": sort,
        "sort_links": listing.sort_links(sort, request.GET),
        "jump_params": [(k, v) for k, values in params.lists() for v in values],
        "saved_filters": list(
            SavedFilter.objects.filter(organization=request.user.organization_id, user=request.user)
        ),
        "saved_query": listing.saved_query(request.GET),
    }
    template = "businesses/_table.html" if request.htmx else "businesses/list.html"
    return render(request, template, context)


@requires(Capability.RECORDS_READ)
@require_POST
def saved_filters(request: HttpRequest) -> HttpResponse:
    """Save the current search under a name (the same name replaces it), or delete one."""
    mine = SavedFilter.objects.filter(organization=request.user.organization_id, user=request.user)
    if delete := request.POST.get("delete", "").strip():
        mine.filter(name=delete).delete()
        messages.success(request, _("Deleted the saved search %(name)s.") % {"name": delete})
        return redirect("businesses:list")
    name = request.POST.get("name", "").strip()
    query = listing.saved_query(QueryDict(request.POST.get("query", "")))
    if not name or len(name) > SavedFilter._meta.get_field("name").max_length:
        messages.error(request, _("Give the search a name of at most 60 characters."))
    elif not query:
        messages.error(request, _("Search or choose a filter first, then save it."))
    elif not mine.filter(name=name).exists() and mine.count() >= listing.MAX_SAVED:
        messages.error(
            request,
            _("You can keep at most %(count)d saved searches: delete one first.")
            % {"count": listing.MAX_SAVED},
        )
    else:
        SavedFilter.objects.update_or_create(
            organization_id=request.user.organization_id,
            user=request.user,
            name=name,
            defaults={"query_string": query},
        )
        messages.success(request, _("Saved the search as %(name)s.") % {"name": name})
    return redirect(f"{reverse('businesses:list')}?{query}" if query else "businesses:list")


@requires(Capability.RECORDS_EXPORT)
def business_export(request: HttpRequest) -> HttpResponse:
    _form, businesses = _filtered(request)
    return download(request, BusinessExporter, businesses)


@requires(Capability.RECORDS_READ)
def business_detail(request: HttpRequest, pk: int) -> HttpResponse:
    business = get_business_for_user(request.user, pk)
    log_business_view(request.user, business)
    entries = AuditEntry.objects.for_object(business).select_related("actor")
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    # Everything that happened with the business, newest first (kinds registered by the apps).
    timeline = timeline_page(
        business,
        user=request.user,
        kinds=request.GET.getlist("kind"),
        page=page_number,
        per_page=TIMELINE_PER_PAGE,
    )
    context = {
        "business": business,
        "timeline": timeline,
        "audit_entries": entries[:AUDIT_ENTRIES_SHOWN],
        "can_write": request.user.can_write_records,
        "can_delete": request.user.has_capability(Capability.BUSINESS_DELETE),
        "finance_chart": business_finance(business),
    }
    return render(request, "businesses/detail.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def business_create(request: HttpRequest) -> HttpResponse:
    organization = request.user.organization
    form = BusinessForm(request.POST or None, organization=organization)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = list(
            services.find_duplicates(
                organization.pk,
                corporate_number=data["corporate_number"],
                name=data["name"],
                phone=data["phone"],
            )[:10]
        )
        if not duplicates or data["confirm_duplicate"]:
            business = services.create_business(form.save(commit=False), actor=request.user)
            messages.success(request, _("Registered %(name)s.") % {"name": business.name})
            return redirect("businesses:detail", pk=business.pk)
        form.ask_to_confirm_duplicates()
    context = {"form": form, "duplicates": duplicates}
    return render(request, "businesses/form.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def business_edit(request: HttpRequest, pk: int) -> HttpResponse:
    business = get_business_for_user(request.user, pk, write=True)
    form = BusinessForm(request.POST or None, instance=business, organization=business.organization)
    if request.method == "POST" and form.is_valid():
        services.update_business(form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved %(name)s.") % {"name": business.name})
        return redirect("businesses:detail", pk=business.pk)
    return render(request, "businesses/form.html", {"form": form, "business": business})


@requires(Capability.BUSINESS_DELETE)
@require_POST
def business_delete(request: HttpRequest, pk: int) -> HttpResponse:
    business = get_business_for_user(request.user, pk, write=True)
    name = business.name
    services.delete_business(business, actor=request.user)
    messages.success(request, _("Deleted %(name)s.") % {"name": name})
    return redirect("businesses:list")
