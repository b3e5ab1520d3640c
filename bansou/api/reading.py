"""The pages' visibility rules, applied to API reads: one place that every endpoint calls."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from bansou.core.permissions import Capability, has_capability

from . import cursor
from .filters import ListQuery
from .services import log_read


def require(user, capability: Capability) -> None:
    """The permissions table of the pages (core.permissions), for the token's user."""
    if not has_capability(user, capability):
        raise PermissionDenied


def require_reader(user) -> None:
    """Committee members read aggregates only (no business records), as on the pages."""
    require(user, Capability.RECORDS_READ)


def require_writer(user) -> None:
    require(user, Capability.RECORDS_WRITE)


def read_page(request, resource: str, visible: QuerySet, query: ListQuery) -> dict:
    """One page of `visible` (already limited to what the user may see), logged as a read."""
    rows, next_cursor = cursor.page(query.apply(visible), query.cursor, query.limit)
    # The parsed conditions, not the raw query string: only what the schema accepted (no NUL
    # character, no undeclared parameter) reaches the audit log.
    log_read(request.auth, resource, len(rows), query.model_dump(mode="json", exclude_none=True))
    return {"items": rows, "next_cursor": next_cursor}


def read_one(request, resource: str, visible: QuerySet, pk: int):
    """404 for another chamber's object, and for one the user may not see (an expert and a
    business not assigned to them), like the pages' loaders."""
    found = get_object_or_404(visible, pk=pk)
    log_read(request.auth, resource, 1, {"id": pk})
    return found
