"""Event screens: list and download, create, page with participants, edit; participants."""

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.businesses.picker import choose_business, picked_business
from bansou.core.errors import DomainError
from bansou.core.exports import download
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires

from . import services
from .exports import EventExporter, ParticipationExporter
from .forms import EventFilterForm, EventForm, ParticipationForm
from .loaders import get_event_for_user, get_participation_for_user
from .models import Event, EventParticipation


def _filtered(request: HttpRequest):
    events = Event.objects.for_user(request.user)
    years = events.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    form = EventFilterForm(request.GET or None, fiscal_years=list(years))
    return form, form.apply(events)


@requires(Capability.EVENTS_READ)
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    # The participant count and outcome sums come with the page's events: one GROUP BY.
    events = events.select_related("department").annotate(
        participant_count=Count("participations"),
        deals=Sum("participations__deals_closed"),
        partners=Sum("participations__new_trading_partners"),
    )
    page = paginate(request, events.order_by("-held_on", "-pk"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"filter_form": form, "page": page, "query_string": params.urlencode()}
    template = "events/_table.html" if request.htmx else "events/list.html"
    return render(request, template, context)


@requires(Capability.EVENTS_READ)
def event_export(request: HttpRequest) -> HttpResponse:
    _form, events = _filtered(request)
    return download(request, EventExporter, events)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None, organization=request.user.organization)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("Registered %(name)s.") % {"name": event.name})
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form})


def _participants(request: HttpRequest, event: Event):
    return EventParticipation.objects.for_user(request.user).filter(event=event)


@requires(Capability.EVENTS_READ)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    participants = _participants(request, event)
    totals = participants.aggregate(
        count=Count("pk"), deals=Sum("deals_closed"), partners=Sum("new_trading_partners")
    )
    context = {
        "event": event,
        "participants": participants.select_related("business__district", "staff").order_by(
            "business__name_kana", "pk"
        ),
        "totals": totals,
        "can_write": request.user.can_write_records,
    }
    return render(request, "events/detail.html", context)


@requires(Capability.EVENTS_READ)
def participants_export(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    return download(request, ParticipationExporter, _participants(request, event))


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = EventForm(request.POST or None, instance=event, organization=event.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": event.name})
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form, "event": event})


@requires(Capability.RECORDS_WRITE)
@require_POST
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    try:
        services.delete_event(event, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("events:detail", pk=event.pk)
    messages.success(request, _("Deleted %(name)s.") % {"name": event.name})
    return redirect("events:list")


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    business = picked_business(request)
    if business is None:
        return choose_business(
            request,
            "events/add_participant.html",
            {"event": event},
            narrow=lambda candidates: services.businesses_not_participating(event, candidates),
            empty_message=_("No business matches (or every match already takes part)."),
        )
    participation = EventParticipation(event=event, business=business, staff=request.user)
    form = ParticipationForm(
        request.POST if request.method == "POST" else None,
        instance=participation,
        organization=event.organization,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_participation(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Added %(name)s.") % {"name": business.name})
            return redirect("events:detail", pk=event.pk)
    context = {"event": event, "business": business, "form": form}
    return render(request, "events/participation_form.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def participation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_participation_for_user(request.user, pk, write=True)
    form = ParticipationForm(
        request.POST or None, instance=participation, organization=participation.organization
    )
    if request.method == "POST" and form.is_valid():
        services.update_participation(form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("events:detail", pk=participation.event_id)
    context = {
        "event": participation.event,
        "business": participation.business,
        "participation": participation,
        "form": form,
    }
    return render(request, "events/participation_form.html", context)


@requires(Capability.RECORDS_WRITE)
@require_POST
def participation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_participation_for_user(request.user, pk, write=True)
    event_pk, name = participation.event_id, participation.business.name
    services.remove_participation(participation, actor=request.user)
    messages.success(request, _("Removed %(name)s from the participants.") % {"name": name})
    return redirect("events:detail", pk=event_pk)
