"""The pages' visibility rules, applied to API reads: one place that every endpoint calls."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from . import cursor
from .filters import ListQuery
from .services import log_read


def require_reader(user) -> None:
    """Committee members read aggregates only (no business records), as on the pages."""
    if not user.can_read_records:
        raise PermissionDenied


def require_writer(user) -> None:
    if not user.can_write_records:
        raise PermissionDenied


def read_page(request, resource: str, visible: QuerySet, query: ListQuery) -> dict:
    """One page of `visible` (already limited to what the user may see), logged as a read."""
    rows, next_cursor = cursor.page(query.apply(visible), query.cursor, query.limit)
    # The parsed conditions, not the raw query string: only what the schema accepted (no NUL
    # character, no undeclared parameter) reaches the audit log.
    log_read(request.auth, resource, len(rows), query.model_dump(mode="json", exclude_none=True))
    return {"items": rows, "next_cursor": next_cursor}


def read_one(request, resource: str, in_chamber: QuerySet, visible: QuerySet, pk: int):
    """404 for another chamber's object (or none), 403 for one of this chamber the user may not
    see (an expert and a business not assigned to them), like the pages' loaders."""
    found = get_object_or_404(in_chamber, pk=pk)
    if not visible.filter(pk=pk).exists():
        raise PermissionDenied
    log_read(request.auth, resource, 1, {"id": pk})
    return found
