"""The chamber's audit log: who did, downloaded or read what, searchable and downloadable."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bansou.core.exports import download
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires
from bansou.lib.formatting import wareki_datetime

from .exports import AuditEntryExporter
from .forms import AuditFilterForm
from .labels import action_label
from .models import AuditEntry
from .presentation import actor_text, change_lines


def _filtered(request: HttpRequest):
    organization = request.user.organization_id
    form = AuditFilterForm(request.GET or None, organization=organization)
    return form, form.apply(AuditEntry.objects.for_organization(organization))


@requires(Capability.AUDIT_READ)
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    page = paginate(request, entries.select_related("actor"))
    rows = [
        {
            "entry": entry,
            "when": wareki_datetime(entry.created_at),
            "actor": actor_text(entry),
            "action": action_label(entry.action, entry.target_type),
            "changes": change_lines(entry),
        }
        for entry in page
    ]
    params = request.GET.copy()
    params.pop("page", None)
    context = {"filter_form": form, "page": page, "rows": rows, "query_string": params.urlencode()}
    template = "audit/_table.html" if request.htmx else "audit/list.html"
    return render(request, template, context)


@requires(Capability.AUDIT_READ)
@require_GET
def entry_export(request: HttpRequest) -> HttpResponse:
    _form, entries = _filtered(request)
    return download(request, AuditEntryExporter, entries)
