"""Who downloaded what: an entry for every export of a list, a report or a letter."""

from collections.abc import Callable

from django.db import models
from django.http import HttpRequest

from .context import address_of
from .services import COMMAND_LINE, log_event

EXPORTED = "exported"


def _target_type(source) -> str:
    model = getattr(source, "model", None)
    if isinstance(model, type) and issubclass(model, models.Model):
        return model._meta.label_lower
    return ""


def request_filters(request: HttpRequest) -> dict:
    """The query string as the user sent it (filters, format, dates), one value or a list."""
    return {
        key: values[0] if len(values) == 1 else values
        for key, values in request.GET.lists()
        if key not in ("page",)
    }


def log_export(
    actor,
    *,
    organization_id: int | None,
    what: str,
    source=None,
    file_format: str,
    rows: int,
    filters: dict | None = None,
    address: str | None = None,
    target_type: str = "",
) -> None:
    target_type = target_type or _target_type(source)
    changes = {"format": str(file_format), "rows": rows, "filters": filters or {}}
    if actor is None:
        changes["via"] = COMMAND_LINE
    log_event(
        f"{target_type or 'core.list'}.{EXPORTED}",
        actor,
        organization_id=organization_id,
        target_type=target_type,
        target_repr=what,
        changes=changes,
        address=address,
    )


def export_logger(request: HttpRequest, exporter, file_format) -> Callable[[int], None]:
    """What a list's download calls once its rows are written (the request may be over by
    then for a streamed CSV, so the user and address are taken now)."""
    user = request.user
    address = address_of(request)
    filters = request_filters(request)
    what = str(exporter.sheet_title())

    def finish(rows: int) -> None:
        log_export(
            user,
            organization_id=user.organization_id,
            what=what,
            source=exporter.queryset,
            file_format=file_format,
            rows=rows,
            filters=filters,
            address=address,
        )

    return finish


def log_document(request: HttpRequest, obj: models.Model, document: str, file_format: str):
    """A document about one business handed out: a diagnosis report, a letter."""
    from .services import log_action

    log_action(
        obj,
        f"{obj._meta.label_lower}.{EXPORTED}",
        request.user,
        {"format": file_format, "rows": 1, "document": document},
    )
