"""What the committee says and decides at the meeting: members present, opinions, grades."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bansou.core.errors import DomainError
from bansou.core.permissions import Capability, requires

from .. import services
from ..forms import DecisionForm, MemberForm, OpinionForm
from ..loaders import get_meeting_for_user


def _back(meeting, anchor: str = "") -> HttpResponse:
    response = redirect("committee:meeting_detail", pk=meeting.pk)
    response["Location"] += anchor
    return response


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@requires(Capability.COMMITTEE_MANAGE)
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MemberForm(request.POST, organization=meeting.organization)
    if form.is_valid():
        member = form.save(commit=False)
        member.meeting = meeting
        try:
            services.add_member(member, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Added %(title)s.") % {"title": member.title})
    else:
        _form_errors(request, form)
    return _back(meeting, "#members")


@requires(Capability.COMMITTEE_MANAGE)
@require_POST
def member_delete(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    member = get_object_or_404(meeting.members.all(), pk=member_pk)
    try:
        services.delete_member(member, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(meeting, "#members")


@requires(Capability.COMMITTEE_MANAGE)
@require_POST
def opinion_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    grades = services.current_grades(meeting)
    sections = [{"number": number, "title": ""} for number in grades]
    form = OpinionForm(request.POST, organization=meeting.organization, sections=sections)
    if form.is_valid():
        opinion = form.save(commit=False)
        opinion.meeting = meeting
        try:
            services.add_opinion(opinion, actor=request.user, grades=grades)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Recorded the opinion."))
    else:
        _form_errors(request, form)
    return _back(meeting, "#opinions")


@requires(Capability.COMMITTEE_MANAGE)
@require_POST
def opinion_delete(request: HttpRequest, pk: int, opinion_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    opinion = get_object_or_404(meeting.opinions.all(), pk=opinion_pk)
    try:
        services.delete_opinion(opinion, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(meeting, "#opinions")


@requires(Capability.COMMITTEE_MANAGE)
@require_POST
def decision_save(request: HttpRequest, pk: int, section_number: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    decided = meeting.decisions.filter(section_number=section_number).first()
    form = DecisionForm(request.POST, prefix=f"s{section_number}", versioned=decided)
    if form.is_valid():
        try:
            decision = services.decide_grade(
                meeting,
                section_number=section_number,
                decided_grade=form.cleaned_data["decided_grade"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                lock_version=form.cleaned_data.get("lock_version"),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if decision.is_override:
                text = _("Section %(number)s: changed the grade from %(computed)s to %(grade)s.")
            else:
                text = _("Section %(number)s: confirmed the grade %(grade)s.")
            messages.success(
                request,
                text
                % {
                    "number": section_number,
                    "grade": decision.decided_grade,
                    "computed": decision.computed_grade or "－",
                },
            )
    else:
        _form_errors(request, form)
    return _back(meeting, f"#grade-{section_number}")


@requires(Capability.COMMITTEE_MANAGE)
@require_POST
def decision_delete(request: HttpRequest, pk: int, section_number: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    decision = get_object_or_404(meeting.decisions.all(), section_number=section_number)
    try:
        services.withdraw_decision(decision, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(meeting, f"#grade-{section_number}")
