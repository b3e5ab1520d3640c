"""One paginator for every list: page size from the request, within the allowed sizes."""

from django.conf import settings
from django.core.paginator import Page, Paginator


def paginate(request, queryset) -> Page:
    sizes = settings.BANSOU_PAGE_SIZES
    try:
        per_page = int(request.GET.get("per_page", sizes[0]))
    except ValueError:
        per_page = sizes[0]
    if per_page not in sizes:
        per_page = sizes[0]
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
