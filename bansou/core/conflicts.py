"""The 409 page for a stale save: both versions side by side, the user's input kept to re-apply."""

from datetime import date

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bansou.audit.models import AuditEntry
from bansou.audit.services import display_value
from bansou.lib.formatting import wareki_date

from .versioning import VERSION_FIELD, VersionConflict, edit_forms, form_for

# Never shown as a field of the record: identity and bookkeeping, not what a user edits.
NOT_COMPARED = {"id", "organization", VERSION_FIELD}


def _stored_row(instance: models.Model) -> models.Model | None:
    """The row as it is now, from the same organization (the user was allowed to edit it)."""
    manager = type(instance)._base_manager
    filters = {"pk": instance.pk}
    if hasattr(instance, "organization_id"):
        filters["organization"] = instance.organization_id
    return manager.filter(**filters).first()


def _compared_fields(instance: models.Model, form) -> list[tuple[str, models.Field]]:
    """(label, model field) for each field the form edits, or every editable field without one."""
    concrete = {
        field.name: field
        for field in instance._meta.concrete_fields
        if field.name not in NOT_COMPARED
    }
    if form is None:
        return [(str(field.verbose_name), field) for field in concrete.values() if field.editable]
    return [
        (str(form.fields[name].label or concrete[name].verbose_name), concrete[name])
        for name in form.fields
        if name in concrete
    ]


def _shown(instance: models.Model, field: models.Field):
    """A value as the product's pages show it: dates in the Japanese era, choices by label."""
    value = getattr(instance, field.attname)
    if isinstance(value, date) and not field.choices:
        return wareki_date(value)
    return display_value(instance, field)


def comparison(instance: models.Model, stored: models.Model | None, form=None) -> list[dict]:
    """Field by field: what the user tried to save and what is stored now."""
    rows = []
    for label, field in _compared_fields(instance, form):
        attempted = _shown(instance, field)
        current = _shown(stored, field) if stored is not None else None
        rows.append(
            {
                "label": label,
                "attempted": attempted,
                "stored": current,
                "differs": attempted != current,
            }
        )
    return rows


def _last_change(stored: models.Model | None) -> AuditEntry | None:
    if stored is None or not hasattr(stored, "organization_id"):
        return None
    return AuditEntry.objects.for_object(stored).select_related("actor").first()


def _form_to_reapply(request: HttpRequest, form, stored: models.Model | None):
    """The user's bound form again, now carrying the stored version, and the other posted fields.

    Sending it saves the user's input over the current row knowingly; whatever the page posted
    beyond the form (a table of rows, say) goes back as it was entered.
    """
    if form is None or stored is None:
        return None, []
    data = request.POST.copy()
    data[form.add_prefix(VERSION_FIELD)] = str(stored.lock_version)
    form.data = data
    own = {form.add_prefix(name) for name in form.fields} | {"csrfmiddlewaretoken"}
    carried = [(key, value) for key in data if key not in own for value in data.getlist(key)]
    return form, carried


def conflict_response(request: HttpRequest, conflict: VersionConflict) -> HttpResponse:
    instance = conflict.instance
    form = form_for(instance)
    stored = _stored_row(instance)
    reapply_form, carried = _form_to_reapply(request, form, stored)
    context = {
        "record": stored,
        "verbose_name": instance._meta.verbose_name,
        "rows": comparison(instance, stored, form),
        "last_change": _last_change(stored),
        "stored_updated_at": getattr(stored, "updated_at", None),
        "form": reapply_form,
        "carried": carried,
        "action": request.get_full_path(),
    }
    return render(request, "core/conflict.html", context, status=409)


class VersionConflictMiddleware:
    """Turns a stale save anywhere (product screens and admin) into the 409 page.

    The service's transaction has already rolled back when the exception reaches here, so
    nothing of the refused save is stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = edit_forms.set({})
        try:
            return self.get_response(request)
        finally:
            edit_forms.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, VersionConflict):
            return conflict_response(request, exception)
        return None
