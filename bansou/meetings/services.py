"""Operations on meetings, publications and staff development; each write is audited.

A record dated in a fiscal year whose committee report is closed is refused when it is new
(the published table would no longer match the register); an existing record of such a year
may still be corrected, and the change is logged as made after publication.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import log_action
from bansou.core.errors import DomainError
from bansou.lib.eras import fiscal_year, fiscal_year_label

from .models import (
    GuidePage,
    GuideVersion,
    Meeting,
    MeetingFile,
    MeetingKind,
    ReviewDecision,
)

MB = 1024 * 1024


def closed_fiscal_years(organization_id: int) -> set[int]:
    """The fiscal years whose evaluation committee closed (its report is published)."""
    from bansou.committee.models import CommitteeMeeting

    return set(
        CommitteeMeeting.objects.filter(organization_id=organization_id)
        .closed()
        .values_list("fiscal_year", flat=True)
    )


def is_closed_year(organization_id: int, fy: int) -> bool:
    return fy in closed_fiscal_years(organization_id)


def refuse_closed_year(organization_id: int, day: date) -> None:
    fy = fiscal_year(day)
    if is_closed_year(organization_id, fy):
        raise DomainError(
            _(
                "%(year)s is closed: the evaluation committee has published its report. "
                "A record dated in it cannot be added."
            )
            % {"year": fiscal_year_label(fy)},
            code="closed_year",
        )


def _changes(instance, before: dict | None) -> dict:
    return {"before": before} if before else {}


def save_record(instance, *, actor, action_prefix: str, date_field: str, before_day=None):
    """Create or update one register record (meeting, publication, conference, training).

    New records and records moved into a closed year are refused; a record of a closed year
    changed in place is logged with `…updated_after_publication`.
    """
    day = getattr(instance, date_field)
    creating = instance._state.adding
    org = instance.organization_id
    if creating or (before_day is not None and fiscal_year(before_day) != fiscal_year(day)):
        refuse_closed_year(org, day)
    with transaction.atomic():
        instance.save()
        if creating:
            action = f"{action_prefix}.created"
        elif is_closed_year(org, fiscal_year(before_day or day)):
            action = f"{action_prefix}.updated_after_publication"
        else:
            action = f"{action_prefix}.updated"
        log_action(instance, action, actor)
    return instance


def delete_record(instance, *, actor, action_prefix: str, date_field: str) -> None:
    refuse_closed_year(instance.organization_id, getattr(instance, date_field))
    with transaction.atomic():
        log_action(instance, f"{action_prefix}.deleted", actor)
        instance.delete()


# --- meetings -----------------------------------------------------------------------------


def freeze_progress_pack(meeting: Meeting) -> None:
    """A coordinator meeting takes the progress table of its month as it stands now."""
    from bansou.evaluation.engine import get_plan, monthly_progress

    if meeting.kind != MeetingKind.COORDINATOR:
        return
    meeting.fiscal_year = fiscal_year(meeting.held_on)
    try:
        plan = get_plan(meeting.organization, meeting.fiscal_year)
    except DomainError:
        meeting.progress_pack = None
        return
    table = monthly_progress(plan, meeting.fiscal_year, meeting.held_on)
    meeting.progress_pack = table.to_dict()


def save_meeting(meeting: Meeting, *, actor, before_day=None) -> Meeting:
    if meeting._state.adding:
        meeting.created_by = actor
        refuse_closed_year(meeting.organization_id, meeting.held_on)
        freeze_progress_pack(meeting)
    return save_record(
        meeting, actor=actor, action_prefix="meetings.meeting", date_field="held_on",
        before_day=before_day,
    )  # fmt: skip


def pack_rows(meeting: Meeting) -> list[dict]:
    """The pack's rows, each with its figures at the meeting's month (`now`, `prorated_now`)."""
    pack = meeting.progress_pack or {}
    elapsed = pack.get("months_elapsed") or 0
    rows = []
    for row in pack.get("rows") or []:
        at = elapsed - 1
        now = row["cumulative"][at] if elapsed else None
        prorated = row["prorated_target"][at] if elapsed else None
        rows.append({**row, "now": now, "prorated_now": prorated})
    return rows


def rows_needing_review(meeting: Meeting) -> list[dict]:
    return [row for row in pack_rows(meeting) if row.get("needs_review")]


def record_review(decision: ReviewDecision, *, actor) -> ReviewDecision:
    meeting = decision.meeting
    asked = {row["key"]: row for row in rows_needing_review(meeting)}
    if decision.row_key not in asked:
        raise DomainError(
            _("This row did not ask for a review in the meeting's progress table."),
            code="no_review",
        )
    decision.row_title = asked[decision.row_key]["title"]
    creating = decision._state.adding
    if (
        creating
        and ReviewDecision.objects.filter(meeting=meeting, row_key=decision.row_key).exists()
    ):
        raise DomainError(_("A decision for this row is already recorded."), code="duplicate")
    with transaction.atomic():
        decision.save()
        log_action(
            decision, "meetings.reviewdecision." + ("created" if creating else "updated"), actor
        )
    return decision


def attach_file(meeting: Meeting, upload, *, actor) -> MeetingFile:
    limit = settings.BANSOU_UPLOAD_MAX_MB
    if upload.size > limit * MB:
        raise DomainError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit}, code="too_large"
        )
    attached = MeetingFile(
        organization_id=meeting.organization_id,
        meeting=meeting,
        name=upload.name[:200],
        size=upload.size,
        uploaded_by=actor,
    )
    with transaction.atomic():
        attached.file.save(upload.name, upload, save=False)
        attached.save()
        log_action(attached, "meetings.meetingfile.created", actor)
    return attached


# --- guide ----------------------------------------------------------------------------------


def save_guide(page: GuidePage, *, title: str, body: str, note: str, actor) -> GuideVersion:
    """Each save is a new version; the page points at the latest."""
    with transaction.atomic():
        if page._state.adding:
            page.save()
        page = GuidePage.objects.select_for_update().get(pk=page.pk)
        last = page.versions.aggregate(n=Max("number"))["n"] or 0
        version = GuideVersion.objects.create(
            organization_id=page.organization_id,
            page=page,
            number=last + 1,
            title=title,
            body=body,
            note=note,
            saved_by=actor,
            saved_at=timezone.now(),
        )
        page.current = version
        page.save(update_fields=["current"])
        log_action(version, "meetings.guideversion.created", actor)
    return version
