"""The committee's report as one JSON-safe dict: the engine's evaluation with the committee's
grade decisions, opinions and meeting facts applied. Snapshots store exactly this, and every
renderer (public page, workbook, PDF) reads only this shape."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone

DRAFT = "draft"
FINAL = "final"


def json_safe(value: Any) -> Any:
    """Decimals as text (no float rounding), dates as ISO text, containers recursively."""
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return json_safe(value.to_dict())
    return value


def evaluation_dict(result_or_dict: Any) -> dict:
    """An EvaluationResult, its to_dict() or a stored report, as a JSON-safe dict."""
    if hasattr(result_or_dict, "to_dict"):
        result_or_dict = result_or_dict.to_dict()
    return json_safe(dict(result_or_dict))


def as_report(result_or_dict: Any) -> dict:
    """Any accepted input as a report dict; a bare evaluation becomes a draft without a meeting."""
    report = evaluation_dict(result_or_dict)
    report.setdefault("status", DRAFT)
    report.setdefault("meeting", None)
    report.setdefault("opinions", [])
    for section in report.get("sections", []):
        _fill_section_defaults(section)
    return report


def _fill_section_defaults(section: dict) -> None:
    section.setdefault("computed_grade", section.get("grade"))
    section.setdefault("decision", None)
    section.setdefault("opinions", [])
    for subsection in section.get("subsections") or []:
        _fill_section_defaults(subsection)


def build_report(
    evaluation: Any,
    *,
    meeting: Mapping | None,
    decisions: Mapping[int, Mapping],
    overall_opinions: Iterable[str],
    section_opinions: Mapping[int, list[str]],
    status: str,
    closed_at: datetime | None = None,
) -> dict:
    """Apply the committee's decisions and opinions to the evaluation (pure: no queries).

    decisions maps a section number to {"grade", "reason", "computed_grade"}; a section
    without one keeps its computed grade (the committee confirmed it by not objecting).
    """
    report = as_report(evaluation)
    for section in report.get("sections", []):
        number = section.get("number")
        computed = section.get("computed_grade")
        decision = decisions.get(number)
        if decision:
            section["decision"] = {
                "grade": decision["grade"],
                "reason": decision.get("reason", ""),
                "override": decision["grade"] != computed,
            }
            section["grade"] = decision["grade"]
        section["opinions"] = list(section_opinions.get(number, []))
    report["opinions"] = list(overall_opinions)
    report["meeting"] = json_safe(dict(meeting)) if meeting is not None else None
    report["status"] = status
    report["closed_at"] = json_safe(closed_at)
    return report


def meeting_facts(meeting, members: Iterable) -> dict:
    """What the report prints about the meeting, the members with their positions and names."""
    return {
        "held_at": meeting.held_at,
        "ends_at": meeting.ends_at,
        "venue": meeting.venue,
        "secretariat": meeting.secretariat,
        "members": [
            {"name": member.name, "title": member.title, "is_chair": member.is_chair}
            for member in members
        ],
    }


def public_report(report: Mapping) -> dict:
    """The report as published: the same as the meeting's own files.

    The source's published report (評価委員会報告, 出席者) lists the committee's members with
    their positions and names, so the public page does too; one rule for every output. No
    business and no staff account appears in a report (it holds aggregates only).
    """
    return as_report(report)
