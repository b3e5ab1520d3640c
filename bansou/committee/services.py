"""Operations on committee meetings; each writes its audit entry in the same transaction.

Closing a meeting freezes the report (issue: "later edits to records do not change the
published report"); every other operation refuses to touch a closed meeting.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.evaluation.engine import evaluate

from .models import (
    CommitteeMeeting,
    CommitteeMember,
    Grade,
    GradeDecision,
    MeetingStatus,
    Opinion,
    Snapshot,
)
from .report import FINAL, build_report, evaluation_dict, meeting_facts

MEETING_FIELDS = ("plan", "fiscal_year", "held_at", "venue", "secretariat", "status")
MEMBER_FIELDS = ("name", "title", "is_chair", "order")
OPINION_FIELDS = ("section_number", "text", "order")
DECISION_FIELDS = ("section_number", "computed_grade", "decided_grade", "reason")


def _ensure_open(meeting: CommitteeMeeting) -> None:
    if meeting.is_closed:
        raise DomainError(
            _("This meeting is closed. Reopen it, with a reason, to change it."), code="closed"
        )


def _locked(meeting: CommitteeMeeting) -> CommitteeMeeting:
    """The stored meeting, locked, so that two people cannot close and edit at the same time."""
    return CommitteeMeeting.objects.select_for_update().get(
        organization=meeting.organization_id, pk=meeting.pk
    )


def _check_fiscal_year(meeting: CommitteeMeeting) -> None:
    if meeting.fiscal_year not in meeting.plan.fiscal_years():
        raise DomainError(
            _("The plan does not cover FY%(year)s.") % {"year": meeting.fiscal_year},
            code="fiscal_year",
        )
    duplicate = CommitteeMeeting.objects.filter(
        organization=meeting.organization_id, plan=meeting.plan_id, fiscal_year=meeting.fiscal_year
    ).exclude(pk=meeting.pk)
    if duplicate.exists():
        raise DomainError(
            _("A meeting for this plan and fiscal year already exists."), code="duplicate"
        )


# --- meetings -----------------------------------------------------------------------------


def _meeting_snapshot(meeting: CommitteeMeeting) -> dict:
    # audit.display_value has no case for a time of day; it is written here as "12:15".
    ends_at = meeting.ends_at.strftime("%H:%M") if meeting.ends_at else None
    return snapshot(meeting, MEETING_FIELDS) | {"ends_at": ends_at}


@transaction.atomic
def create_meeting(meeting: CommitteeMeeting, *, actor) -> CommitteeMeeting:
    _check_fiscal_year(meeting)
    meeting.status = MeetingStatus.OPEN
    meeting.save()
    log_action(
        meeting,
        "committee.meeting.created",
        actor,
        diff(meeting, {}, _meeting_snapshot(meeting)),
    )
    return meeting


@transaction.atomic
def update_meeting(meeting: CommitteeMeeting, *, actor) -> CommitteeMeeting:
    stored = _locked(meeting)
    _ensure_open(stored)
    _check_fiscal_year(meeting)
    before = _meeting_snapshot(stored)
    meeting.status = stored.status
    meeting.save()
    changes = diff(meeting, before, _meeting_snapshot(meeting))
    if changes:
        log_action(meeting, "committee.meeting.updated", actor, changes)
    return meeting


def current_grades(meeting: CommitteeMeeting, evaluation: dict | None = None) -> dict[int, str]:
    """Section number → the grade the engine computes now (top-level sections)."""
    if evaluation is None:
        evaluation = evaluation_dict(evaluate(meeting.plan, meeting.fiscal_year))
    return {
        section["number"]: section.get("grade") or "" for section in evaluation.get("sections", [])
    }


def stale_decisions(decisions, grades: dict[int, str]) -> list[GradeDecision]:
    """Decisions taken on a computed grade that records have since changed."""
    return [
        decision
        for decision in decisions
        if decision.section_number not in grades
        or grades[decision.section_number] != decision.computed_grade
    ]


@transaction.atomic
def close_meeting(meeting: CommitteeMeeting, *, actor) -> Snapshot:
    """Evaluate, apply the decisions and opinions, and store the report; then close."""
    meeting = _locked(meeting)
    if meeting.is_closed:
        raise DomainError(_("This meeting is already closed."), code="closed")
    # The frozen report is the chamber's publication: its remarks and reasons are written in
    # the chamber's language, whatever language the person closing the meeting reads.
    with translation.override(settings.LANGUAGE_CODE):
        evaluation = evaluation_dict(evaluate(meeting.plan, meeting.fiscal_year))
    decisions = list(meeting.decisions.all())
    stale = stale_decisions(decisions, current_grades(meeting, evaluation))
    if stale:
        numbers = ", ".join(str(d.section_number) for d in stale)
        raise DomainError(
            _(
                "The computed grade of section %(sections)s changed after the committee "
                "decided on it. Confirm or override it again before closing."
            )
            % {"sections": numbers},
            code="stale_decision",
        )
    opinions = list(meeting.opinions.all())
    now = timezone.now()
    report = build_report(
        evaluation,
        meeting=meeting_facts(meeting, meeting.members.all()),
        decisions={
            d.section_number: {"grade": d.decided_grade, "reason": d.reason} for d in decisions
        },
        overall_opinions=[o.text for o in opinions if o.section_number is None],
        section_opinions=opinions_by_section(opinions),
        status=FINAL,
        closed_at=now,
    )
    frozen, _created = Snapshot.objects.update_or_create(
        meeting=meeting,
        defaults={"organization_id": meeting.organization_id, "result": report, "created_at": now},
    )
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = now
    meeting.closed_by = actor
    meeting.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    grades = {str(s["number"]): s.get("grade") for s in report.get("sections", [])}
    log_action(
        meeting,
        "committee.meeting.closed",
        actor,
        {"grades": {"label": _("grades"), "old": None, "new": grades}},
    )
    return frozen


def opinions_by_section(opinions) -> dict[int, list[str]]:
    by_section: dict[int, list[str]] = {}
    for opinion in opinions:
        if opinion.section_number is not None:
            by_section.setdefault(opinion.section_number, []).append(opinion.text)
    return by_section


@transaction.atomic
def reopen_meeting(meeting: CommitteeMeeting, *, actor, reason: str) -> CommitteeMeeting:
    """Open a closed meeting again; the public page disappears until it is closed again."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for reopening the meeting."), code="reason")
    meeting = _locked(meeting)
    if not meeting.is_closed:
        raise DomainError(_("This meeting is not closed."), code="open")
    meeting.status = MeetingStatus.OPEN
    meeting.closed_at = None
    meeting.closed_by = None
    meeting.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    log_action(
        meeting,
        "committee.meeting.reopened",
        actor,
        {"reason": {"label": pgettext("committee", "reason"), "old": None, "new": reason}},
    )
    return meeting


# --- members and opinions -----------------------------------------------------------------


def _next_order(queryset) -> int:
    return (queryset.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def add_member(member: CommitteeMember, *, actor) -> CommitteeMember:
    _ensure_open(_locked(member.meeting))
    member.organization_id = member.meeting.organization_id
    if member.is_chair and member.meeting.members.filter(is_chair=True).exists():
        # The plan's committee has one chair (別表1 §9: 委員長 経営支援委員会委員長).
        raise DomainError(
            pgettext("committee", "The committee already has a chair."), code="second_chair"
        )
    if not member.order:
        member.order = _next_order(CommitteeMember.objects.filter(meeting=member.meeting_id))
    member.save()
    log_action(
        member, "committee.member.created", actor, diff(member, {}, snapshot(member, MEMBER_FIELDS))
    )
    return member


@transaction.atomic
def delete_member(member: CommitteeMember, *, actor) -> None:
    _ensure_open(_locked(member.meeting))
    log_action(
        member, "committee.member.deleted", actor, diff(member, snapshot(member, MEMBER_FIELDS), {})
    )
    member.delete()


def _check_section(meeting: CommitteeMeeting, section_number: int | None, grades=None) -> None:
    if section_number is None:
        return
    grades = grades if grades is not None else current_grades(meeting)
    if section_number not in grades:
        raise DomainError(
            _("The plan has no section %(number)s.") % {"number": section_number},
            code="section",
        )


@transaction.atomic
def add_opinion(opinion: Opinion, *, actor, grades: dict[int, str] | None = None) -> Opinion:
    """grades: the plan's current grades by section, when the caller has already evaluated."""
    _ensure_open(_locked(opinion.meeting))
    _check_section(opinion.meeting, opinion.section_number, grades)
    opinion.organization_id = opinion.meeting.organization_id
    if not opinion.order:
        opinion.order = _next_order(
            Opinion.objects.filter(
                meeting=opinion.meeting_id, section_number=opinion.section_number
            )
        )
    opinion.save()
    log_action(
        opinion,
        "committee.opinion.created",
        actor,
        diff(opinion, {}, snapshot(opinion, OPINION_FIELDS)),
    )
    return opinion


@transaction.atomic
def delete_opinion(opinion: Opinion, *, actor) -> None:
    _ensure_open(_locked(opinion.meeting))
    log_action(
        opinion,
        "committee.opinion.deleted",
        actor,
        diff(opinion, snapshot(opinion, OPINION_FIELDS), {}),
    )
    opinion.delete()


# --- grade decisions ----------------------------------------------------------------------


@transaction.atomic
def decide_grade(
    meeting: CommitteeMeeting,
    *,
    section_number: int,
    decided_grade: str,
    reason: str,
    actor,
    grades: dict[int, str] | None = None,
    lock_version: int | None = None,
) -> GradeDecision:
    """Confirm (same grade) or override (another grade, reason required) a section's grade.

    The computed grade is taken from the engine, never from the form, so that a decision
    always records what the committee saw. `lock_version` is the version of the decision the
    user's page showed: a decision changed since is not overwritten (core/versioning.py).
    """
    meeting = _locked(meeting)
    _ensure_open(meeting)
    grades = grades if grades is not None else current_grades(meeting)
    _check_section(meeting, section_number, grades)
    if decided_grade not in Grade.values:
        raise DomainError(_("Choose a grade from A to E."), code="grade")
    computed = grades[section_number]
    reason = (reason or "").strip()
    if decided_grade != computed and not reason:
        raise DomainError(
            _("Give the reason for changing the computed grade %(computed)s to %(decided)s.")
            % {"computed": computed or "－", "decided": decided_grade},
            code="reason",
        )
    decision = GradeDecision.objects.filter(meeting=meeting, section_number=section_number).first()
    if decision is not None and lock_version is not None:
        decision.lock_version = lock_version
    before = snapshot(decision, DECISION_FIELDS) if decision else {}
    if decision is None:
        decision = GradeDecision(
            organization_id=meeting.organization_id, meeting=meeting, section_number=section_number
        )
    decision.computed_grade = computed
    decision.decided_grade = decided_grade
    decision.reason = reason
    decision.decided_by = actor
    decision.save()
    action = "committee.decision.updated" if before else "committee.decision.created"
    changes = diff(decision, before, snapshot(decision, DECISION_FIELDS))
    log_action(decision, action, actor, changes)
    return decision


@transaction.atomic
def withdraw_decision(decision: GradeDecision, *, actor) -> None:
    _ensure_open(_locked(decision.meeting))
    log_action(
        decision,
        "committee.decision.deleted",
        actor,
        diff(decision, snapshot(decision, DECISION_FIELDS), {}),
    )
    decision.delete()
