"""The register list's sorting, page numbers and saved searches (pure helpers for the view)."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

# sort key → (label, ORDER BY); "-key" reverses it. Every order ends in pk: pages are stable.
SORTS = {
    "kana": (_("name (kana)"), ("name_kana", "pk")),
    "district": (_("district"), ("district__name_kana", "name_kana", "pk")),
    "industry": (_("industry"), ("industry", "name_kana", "pk")),
    "employees": (_("regular employees"), ("employees", "name_kana", "pk")),
    "updated": (_("updated at"), ("updated_at", "pk")),
}
DEFAULT_SORT = "kana"
# What a saved search keeps of the list's address (never the page).
SAVED_PARAMETERS = ("q", "district", "industry", "small", "member", "sort", "per_page")
MAX_SAVED = 30
# Page numbers shown around the current page (and always the first and the last).
AROUND = 2


def sort_key(value: str | None) -> str:
    value = value or DEFAULT_SORT
    return value if value.removeprefix("-") in SORTS else DEFAULT_SORT


def ordering(key: str) -> list[str]:
    descending = key.startswith("-")
    fields = SORTS[key.removeprefix("-")][1]
    if not descending:
        return list(fields)
    return [f.removeprefix("-") if f.startswith("-") else f"-{f}" for f in fields]


def sort_links(current: str, params: QueryDict) -> dict[str, dict]:
    """For each sortable column: the address that sorts by it (again: reversed) and its state."""
    links = {}
    for name in SORTS:
        query = params.copy()
        query.pop("page", None)
        active = current.removeprefix("-") == name
        descending = current.startswith("-")
        query["sort"] = f"-{name}" if active and not descending else name
        links[name] = {
            "query": query.urlencode(),
            "state": ("descending" if descending else "ascending") if active else "",
        }
    return links


def page_numbers(number: int, count: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 600: the pages to link, None for a gap."""
    shown = {1, count, *range(max(1, number - AROUND), min(count, number + AROUND) + 1)}
    numbers: list[int | None] = []
    previous = 0
    for n in sorted(shown):
        if n - previous > 1:
            numbers.append(None)
        numbers.append(n)
        previous = n
    return numbers


def saved_query(params: QueryDict) -> str:
    """The part of a list address a saved search keeps."""
    kept = QueryDict(mutable=True)
    for name in SAVED_PARAMETERS:
        value = params.get(name, "").strip()
        if value:
            kept[name] = value[:200]
    return kept.urlencode()
