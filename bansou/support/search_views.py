"""The knowledge search page and its download, and the business page's timeline partial."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from bansou.businesses.loaders import get_business_for_user
from bansou.businesses.timeline import timeline_page
from bansou.businesses.views import business_detail
from bansou.core.exports import download
from bansou.core.permissions import Capability, requires

from .exports import KnowledgeSearchExporter
from .forms import KnowledgeSearchForm
from .models import SupportRecord
from .search import knowledge_search, search_page, snippets
from .views import _query_string, with_themes

TIMELINE_PER_PAGE = 20


@requires(Capability.RECORDS_READ)
@require_GET
def knowledge_search_page(request: HttpRequest) -> HttpResponse:
    form = KnowledgeSearchForm(request.GET or None)
    query, filters = form.query(), form.filters()
    page, results = None, []
    if query or any(filters.values()):
        page = search_page(request, request.user, query, filters)
        page.object_list = list(with_themes(page.object_list))
        results = [(record, snippets(record, query)) for record in page]
    context = {
        "form": form,
        "page": page,
        "results": results,
        "query": query,
        "query_string": _query_string(request),
    }
    template = "support/_search_results.html" if request.htmx else "support/search.html"
    return render(request, template, context)


@requires(Capability.RECORDS_EXPORT)
@require_GET
def knowledge_search_export(request: HttpRequest) -> HttpResponse:
    """Every record the search finds (the page shows them a page at a time); like the page,
    nothing without words or a filter."""
    form = KnowledgeSearchForm(request.GET or None)
    query, filters = form.query(), form.filters()
    if query or any(filters.values()):
        records = knowledge_search(request.user, query, **filters)
    else:
        records = SupportRecord.objects.none()
    return download(request, KnowledgeSearchExporter, records)


def page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def business_timeline(request: HttpRequest, business) -> dict:
    """The timeline context of the business page and of its htmx partial."""
    timeline = timeline_page(
        business,
        user=request.user,
        kinds=request.GET.getlist("kind"),
        page=page_number(request),
        per_page=TIMELINE_PER_PAGE,
    )
    return {"business": business, "timeline": timeline}


@requires(Capability.RECORDS_READ)
@require_GET
def timeline(request: HttpRequest, business_pk: int) -> HttpResponse:
    business = get_business_for_user(request.user, business_pk)
    if request.htmx:
        response = render(request, "support/_timeline.html", business_timeline(request, business))
    else:
        # Opened directly (a copied link, a new tab): the whole business page, same filter.
        response = business_detail(request, business.pk)
    patch_vary_headers(response, ["HX-Request"])
    return response
