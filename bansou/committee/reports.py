"""The report of a meeting as it is shown: frozen once closed, computed live (a draft) before."""

from __future__ import annotations

from bansou.evaluation.engine import evaluate

from .models import CommitteeMeeting, Snapshot
from .report import DRAFT, build_report, evaluation_dict, meeting_facts
from .services import current_grades, opinions_by_section, stale_decisions


def meeting_parts(meeting: CommitteeMeeting) -> dict:
    """Members, opinions and decisions: one query each, whatever their number."""
    return {
        "members": list(meeting.members.all()),
        "opinions": list(meeting.opinions.all()),
        "decisions": list(meeting.decisions.select_related("decided_by")),
    }


def live_report(meeting: CommitteeMeeting, parts: dict) -> dict:
    """The draft: today's evaluation with the committee's decisions and opinions so far."""
    evaluation = evaluation_dict(evaluate(meeting.plan, meeting.fiscal_year))
    parts["stale"] = stale_decisions(parts["decisions"], current_grades(meeting, evaluation))
    opinions = parts["opinions"]
    return build_report(
        evaluation,
        meeting=meeting_facts(meeting, parts["members"]),
        decisions={
            d.section_number: {"grade": d.decided_grade, "reason": d.reason}
            for d in parts["decisions"]
            if d not in parts["stale"]
        },
        overall_opinions=[o.text for o in opinions if o.section_number is None],
        section_opinions=opinions_by_section(opinions),
        status=DRAFT,
    )


def meeting_report(meeting: CommitteeMeeting) -> tuple[dict, dict]:
    """(report, parts): the snapshot of a closed meeting, else the live draft."""
    parts = meeting_parts(meeting)
    parts["stale"] = []
    if meeting.is_closed:
        frozen = Snapshot.objects.filter(meeting=meeting).only("result").first()
        if frozen is not None:
            return frozen.result, parts
    return live_report(meeting, parts), parts
