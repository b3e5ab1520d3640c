"""Motivation check screens: record, show, edit, delete; the analysis queue and its download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bansou.audit.views_log import log_business_view
from bansou.businesses.loaders import get_business_for_user
from bansou.core.errors import DomainError
from bansou.core.exports import download
from bansou.core.ids import optional_id_or_404
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires
from bansou.lib.eras import fiscal_year, fiscal_year_label

from . import services
from .access import can_delete_check
from .exports import QueueExporter
from .forms import MotivationCheckForm, QueueFilterForm
from .loaders import get_check_for_user
from .models import MotivationAnswer
from .queue import analysis_queue

FISCAL_YEARS_OFFERED = 6


def _business_pk(request: HttpRequest) -> int | None:
    return optional_id_or_404(request.GET.get("business", ""))


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def check_create(request: HttpRequest) -> HttpResponse:
    pk = _business_pk(request)
    if pk is None:
        messages.info(request, _("Open a business and record its motivation check from there."))
        return redirect("businesses:list")
    business = get_business_for_user(request.user, pk, write=True)
    version = services.current_version(request.user.organization)
    initial = {"checked_on": timezone.localdate(), "channel": "visit"}
    form = MotivationCheckForm(
        request.POST or None,
        initial=initial,
        organization=request.user.organization,
        version=version,
    )
    if request.method == "POST" and form.is_valid():
        try:
            check = services.record_check(
                business=business,
                staff=request.user,
                version=version,
                actor=request.user,
                **form.answers(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)  # shown on the form; nothing was written
        else:
            messages.success(request, _("Recorded the motivation check."))
            return redirect("motivation:detail", pk=check.pk)
    context = {"form": form, "business": business, "version": version}
    return render(request, "motivation/form.html", context)


def _answers(check):
    return (
        MotivationAnswer.objects.filter(motivation_check=check)
        .select_related("item")
        .order_by("item__order")
    )


@requires(Capability.RECORDS_READ)
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_check_for_user(request.user, pk)
    log_business_view(request.user, check.business, via="motivation check")
    user = request.user
    context = {
        "check": check,
        "answers": _answers(check),
        "can_write": user.can_write_records,
        "can_delete": can_delete_check(user, check),
    }
    return render(request, "motivation/detail.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def check_edit(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_check_for_user(request.user, pk, write=True)
    # The check keeps its own version: its questions, not today's, are asked again.
    version = services.version_with_items(check.version_id)
    initial_points = {answer.item_id: answer.points for answer in check.answers.all()}
    initial = {
        "checked_on": check.checked_on,
        "channel": check.channel,
        "priority": check.priority,
        "priority_reason": check.priority_reason,
        "note": check.note,
    }
    form = MotivationCheckForm(
        request.POST or None,
        initial=initial,
        initial_points=initial_points,
        organization=request.user.organization,
        version=version,
        versioned=check,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_check(check, actor=request.user, **form.answers())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the motivation check."))
            return redirect("motivation:detail", pk=check.pk)
    context = {"form": form, "business": check.business, "version": version, "check": check}
    return render(request, "motivation/form.html", context)


@requires(Capability.RECORDS_WRITE)
@require_POST
def check_delete(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_check_for_user(request.user, pk, write=True)
    if not can_delete_check(request.user, check):
        raise PermissionDenied
    business_pk = check.business_id
    services.delete_check(check, actor=request.user)
    messages.success(request, _("Deleted the motivation check."))
    return redirect("businesses:detail", pk=business_pk)


def _filtered_queue(request: HttpRequest):
    """The queue's filter form and the queue it shows (shared by the page and its download)."""
    current = fiscal_year(timezone.localdate())
    years = [
        (fy, fiscal_year_label(fy)) for fy in range(current, current - FISCAL_YEARS_OFFERED, -1)
    ]
    form = QueueFilterForm(
        request.GET or None, organization=request.user.organization, fiscal_years=years
    )
    queue = analysis_queue(request.user, include_not_counted=form.shows_not_counted())
    return form, form.apply(queue)


@requires(Capability.RECORDS_READ)
def queue(request: HttpRequest) -> HttpResponse:
    form, checks = _filtered_queue(request)
    page = paginate(request, checks)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filter_form": form,
        "page": page,
        "query_string": params.urlencode(),
        "rank_offset": page.start_index() - 1 if page.paginator.count else 0,
    }
    template = "motivation/_queue_table.html" if request.htmx else "motivation/queue.html"
    return render(request, template, context)


@requires(Capability.RECORDS_EXPORT)
@require_GET
def queue_export(request: HttpRequest) -> HttpResponse:
    _form, checks = _filtered_queue(request)
    return download(request, QueueExporter, checks)
