"""Meeting screens: list and download, create, page (members, opinions, grades), close, reopen."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bansou.audit.models import AuditEntry
from bansou.core.errors import DomainError
from bansou.core.exports import download
from bansou.core.permissions import Capability, requires

from .. import services
from ..exports import MeetingExporter
from ..forms import DecisionForm, MeetingForm, MemberForm, OpinionForm, ReopenForm
from ..loaders import get_meeting_for_user
from ..models import CommitteeMeeting
from ..permissions import can_manage_committee
from ..presentation import present
from ..reports import meeting_report

MEETING_EVENTS = ("committee.meeting.closed", "committee.meeting.reopened")


def _meetings(request: HttpRequest):
    return (
        CommitteeMeeting.objects.for_user(request.user)
        .select_related("plan")
        .annotate(member_count=Count("members"))
    )


@requires(Capability.EVALUATION_READ)
def meeting_list(request: HttpRequest) -> HttpResponse:
    context = {"meetings": _meetings(request), "can_manage": can_manage_committee(request.user)}
    return render(request, "committee/meeting_list.html", context)


@requires(Capability.EVALUATION_READ)
@require_GET
def meeting_export(request: HttpRequest) -> HttpResponse:
    return download(request, MeetingExporter, _meetings(request))


@requires(Capability.COMMITTEE_MANAGE)
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, organization=request.user.organization)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Created the meeting."))
            return redirect("committee:meeting_detail", pk=meeting.pk)
    return render(request, "committee/meeting_form.html", {"form": form})


@requires(Capability.COMMITTEE_MANAGE)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if meeting.is_closed:
        messages.error(
            request, _("This meeting is closed. Reopen it, with a reason, to change it.")
        )
        return redirect("committee:meeting_detail", pk=meeting.pk)
    form = MeetingForm(request.POST or None, instance=meeting, organization=meeting.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the meeting."))
            return redirect("committee:meeting_detail", pk=meeting.pk)
    return render(request, "committee/meeting_form.html", {"form": form, "meeting": meeting})


@requires(Capability.EVALUATION_READ)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    report, parts = meeting_report(meeting)
    can_manage = can_manage_committee(request.user) and not meeting.is_closed
    decisions = {d.section_number: d for d in parts["decisions"]}
    presented = present(report)
    sections = []
    for section in presented["sections"]:
        decision = decisions.get(section["number"])
        initial = {"decided_grade": section["computed_grade"] or "A"}
        if decision:
            initial = {"decided_grade": decision.decided_grade, "reason": decision.reason}
        sections.append(
            {
                **section,
                "decision_record": decision,
                "stale": decision is not None and decision in parts["stale"],
                "form": DecisionForm(
                    initial=initial, prefix=f"s{section['number']}", versioned=decision
                )
                if can_manage
                else None,
            }
        )
    events = AuditEntry.objects.for_object(meeting).filter(action__in=MEETING_EVENTS)
    context = {
        "meeting": meeting,
        "members": parts["members"],
        "opinions": parts["opinions"],
        "sections": sections,
        "report": presented,
        "events": events.select_related("actor")[:20],
        "can_manage": can_manage,
        "can_reopen": can_manage_committee(request.user) and meeting.is_closed,
        "member_form": MemberForm(organization=meeting.organization) if can_manage else None,
        "opinion_form": OpinionForm(organization=meeting.organization, sections=report["sections"])
        if can_manage
        else None,
        "reopen_form": ReopenForm(),
    }
    return render(request, "committee/meeting_detail.html", context)


@requires(Capability.COMMITTEE_MANAGE)
@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        services.close_meeting(meeting, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Closed the meeting. The report is now frozen and published."))
    return redirect("committee:meeting_detail", pk=meeting.pk)


@requires(Capability.COMMITTEE_MANAGE)
@require_POST
def meeting_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.reopen_meeting(meeting, actor=request.user, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Reopened the meeting. The public page is withdrawn."))
    return redirect("committee:meeting_detail", pk=meeting.pk)
