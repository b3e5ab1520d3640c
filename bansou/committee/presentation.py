"""How a report dict is printed: the lines of the seed's table and the texts of its cells.

The public page, the PDF and the workbook all print from present(), so the three agree on
every figure, unit and grade (seed: 評価委員会報告, 令和6年度経営発達支援計画実施状況).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bansou.lib.eras import format_wareki

from .report import DRAFT, as_report, public_report

WEEKDAYS = "月火水木金土日"


def circled(number: int | None) -> str:
    """① … ⑳ as in the seed's summary; other numbers as they are."""
    if number is not None and 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    return "" if number is None else str(number)


def to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def format_number(value: Any) -> str:
    """1068 → "1,068"; 2.50 → "2.5"; text (実施, 連携) is printed as it is."""
    number = to_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def format_percent(value: Any) -> str:
    number = to_decimal(value)
    return "" if number is None else f"{number:.1f}％"


def number_or_text(value: Any) -> Decimal | str | None:
    """For the workbook: a number stays a number, text stays text."""
    number = to_decimal(value)
    return number if number is not None else (None if value in (None, "") else str(value))


def target_text(row: dict) -> str:
    kind = row.get("target_kind")
    if kind == "as_needed":
        return pgettext("committee", "as needed")
    if kind == "none" or row.get("target") in (None, ""):
        return "-"
    text = format_number(row["target"]) + (row.get("unit") or "")
    if kind == "at_least":
        text += pgettext("committee", " or more")  # 「2回以上」 as the plan and the report say
    return text


def actual_text(row: dict) -> str:
    actual = row.get("actual")
    if row.get("status") == "not_carried_out" and actual in (None, ""):
        return ""  # the seed leaves the cell of a row not carried out empty
    if row.get("actual_display"):
        return str(row["actual_display"])
    if actual in (None, ""):
        # Not carried out: the seed leaves the cell empty; not reported: it prints "－".
        return "" if row.get("reason") and not row.get("counted") else "－"
    return format_number(actual)


def exclusion_text(exclusion: dict) -> str:
    return _("excluding %(name)s (%(count)s)") % {
        "name": exclusion.get("name", ""),
        "count": format_number(exclusion.get("count")),
    }


def row_remarks(row: dict) -> list[str]:
    remarks: list[str] = []
    # Seed: "○R6実施なし" on the activity only; an outcome row is never summed, so its
    # "not counted" says nothing new.
    if not row.get("counted", True) and row.get("reason") and row.get("role") != "outcome":
        remarks.append("○" + row["reason"])
    remarks.extend(str(remark) for remark in row.get("remarks") or [] if remark)
    for exclusion in row.get("exclusions") or []:
        text = exclusion_text(exclusion)
        if not any(exclusion.get("name", "") in remark for remark in remarks):
            remarks.append(text)
    return remarks


def units_of(rows: list[dict]) -> str:
    """The unit of a total: "回", or "件/回" when the counted rows mix units (seed ③)."""
    seen: list[str] = []
    for row in rows:
        unit = row.get("unit") or ""
        if unit and unit not in seen and row.get("role") != "outcome" and row.get("counted"):
            seen.append(unit)
    return "/".join(seen)


def grade_counts_text(subsections: list[dict]) -> str:
    counts = Counter(sub.get("computed_grade") or sub.get("grade") for sub in subsections)
    parts = [
        _("%(count)s × %(grade)s") % {"grade": grade, "count": count}
        for grade, count in counts.items()
        if grade
    ]
    return _(", ").join(parts)


def evaluation_text(section: dict) -> str:
    """The seed's 評価［ 51.4％ → C ］ without the brackets: how the computed grade came about."""
    computed = section.get("computed_grade") or ""
    basis = section.get("grade_basis")
    if basis == "subsections":
        return f"{grade_counts_text(section.get('subsections') or [])} → {computed}"
    if basis == "qualitative":
        label = _("all carried out") if computed == "A" else _("not all carried out")
        return f"{label} → {computed}"
    if section.get("percent") in (None, ""):
        return f"－ → {computed}" if computed else "－"
    return f"{format_percent(section['percent'])} → {computed}"


def decision_text(section: dict) -> str:
    decision = section.get("decision")
    if not decision or not decision.get("override"):
        return ""
    return _("Committee: %(grade)s (%(reason)s)") % {
        "grade": decision["grade"],
        "reason": decision.get("reason", ""),
    }


def _row_line(row: dict, *, outcome: bool = False) -> dict:
    return {
        "type": "outcome" if outcome else "row",
        "title": " ".join(part for part in (row.get("label", ""), row.get("title", "")) if part),
        "department": row.get("department") or "",
        "actual": actual_text(row),
        "target": target_text(row),
        "actual_value": number_or_text(row.get("actual")),
        "target_value": number_or_text(row.get("target"))
        if row.get("target_kind") == "number"
        else None,
        "unit": row.get("unit") or "",
        "remarks": row_remarks(row),
        "counted": bool(row.get("counted", True)),
    }


def _rows_lines(rows: list[dict]) -> list[dict]:
    lines = []
    for row in rows:
        lines.append(_row_line(row))
        lines.extend(_row_line(outcome, outcome=True) for outcome in row.get("outcomes") or [])
    return lines


def _total_line(section: dict, rows: list[dict], *, label: str, evaluation: str = "") -> dict:
    unit = section.get("units") or units_of(rows)
    actual, target = to_decimal(section.get("actual")), to_decimal(section.get("target"))
    return {
        "type": "total",
        "title": label,
        "actual": format_number(actual) + unit if actual is not None else "",
        "target": format_number(target) + unit if target is not None else "",
        "actual_value": actual,
        "target_value": target,
        "unit": unit,
        "remarks": [evaluation] if evaluation else [],
    }


def _all_rows(section: dict) -> list[dict]:
    rows = list(section.get("rows") or [])
    for subsection in section.get("subsections") or []:
        rows.extend(_all_rows(subsection))
    return rows


def section_lines(section: dict) -> list[dict]:
    """The table's lines for one section: rows, outcomes under them, subsections, the total."""
    lines = _rows_lines(section.get("rows") or [])
    for subsection in section.get("subsections") or []:
        lines.append({"type": "heading", "title": f"［{subsection.get('title', '')}］"})
        sub_rows = _all_rows(subsection)
        lines.extend(_rows_lines(subsection.get("rows") or []))
        lines.append(
            _total_line(
                subsection,
                sub_rows,
                label=pgettext("committee", "Subtotal"),
                evaluation=_("Evaluation [ %(text)s ]") % {"text": evaluation_text(subsection)},
            )
        )
    if section.get("grade_basis") != "qualitative" or section.get("target") is not None:
        lines.append(_total_line(section, _all_rows(section), label=pgettext("committee", "Total")))
    return lines


def line_groups(lines: list[dict]) -> list[dict]:
    """The lines cut where a page may break: at a subsection's heading, never inside one.

    A section without subsections is one group; the section's total stays with the last group,
    so that a total is never printed alone at the top of a page.
    """
    groups: list[list[dict]] = [[]]
    for line in lines:
        if line["type"] == "heading" and groups[-1]:
            groups.append([])
        groups[-1].append(line)
    return [
        {"lines": group, "span": len(group), "continued": index > 0}
        for index, group in enumerate(groups)
    ]


def member_line(member: dict) -> str:
    """A member as the published report lists them: position and name (中小企業支援委員会
    委員長 小原); the chair is marked unless the position already says 委員長."""
    title, name = member.get("title") or "", member.get("name") or ""
    line = " ".join(part for part in (title, name) if part)
    chair = pgettext("committee", "chair")
    if member.get("is_chair") and not title.replace(" ", "").endswith(chair):
        line += pgettext("committee", " (chair)")
    return line


def overview_of(report: dict) -> dict | None:
    """経営発達支援計画の概要: the plan period (with an amendment's note), goals and contents,
    from the plan file's `report` data; None when the plan gives none."""
    overview = report.get("overview") or {}
    if not overview:
        return None
    period = report.get("plan_period") or {}
    text = ""
    if period.get("starts_on") and period.get("ends_on"):
        text = _("%(start)s to %(end)s") % {
            "start": format_wareki(date.fromisoformat(str(period["starts_on"]))),
            "end": format_wareki(date.fromisoformat(str(period["ends_on"]))),
        }
        if overview.get("period_note"):
            text += f" ＊{overview['period_note']}"
    return {
        "period": text,
        "goals": list(overview.get("goals") or []),
        "contents": list(overview.get("contents") or []),
    }


def meeting_when(meeting: dict) -> str:
    held = meeting.get("held_at")
    if not held:
        return ""
    held_at = datetime.fromisoformat(held)
    text = f"{format_wareki(held_at.date())}（{WEEKDAYS[held_at.weekday()]}）{held_at:%H:%M}"
    if meeting.get("ends_at"):
        text += f"〜{time.fromisoformat(meeting['ends_at']):%H:%M}"
    return text


def scale_text(grade_scale: list[dict]) -> str:
    """評価（100%以上：A、80%以上：B、…、未満：E）from the chamber's own bands."""
    parts = []
    for band in grade_scale:
        minimum = to_decimal(band.get("min_percent"))
        if minimum is None or minimum <= 0:
            parts.append(_("below: %(grade)s") % {"grade": band.get("grade", "")})
        else:
            parts.append(
                _("%(percent)s%% or more: %(grade)s")
                % {"percent": format_number(minimum), "grade": band.get("grade", "")}
            )
    return _(", ").join(parts)


def present(result_or_dict: Any, *, public: bool = False) -> dict:
    """Everything a renderer prints, already as text (numbers also kept for the workbook)."""
    report = public_report(result_or_dict) if public else as_report(result_or_dict)
    meeting = report.get("meeting")
    sections = []
    for section in report.get("sections", []):
        lines = section_lines(section)
        description = section.get("description") or ""
        sections.append(
            {
                "number": section.get("number"),
                "mark": circled(section.get("number")),
                "title": section.get("title", ""),
                # The summary list prints the report's parenthetical: ①…（外部環境の分析）.
                "summary_title": section.get("title", "")
                + (f"（{description}）" if description else ""),
                "grade": section.get("grade") or "",
                "computed_grade": section.get("computed_grade") or "",
                "evaluation": evaluation_text(section),
                "decision": decision_text(section),
                "overridden": bool((section.get("decision") or {}).get("override")),
                "opinions": section.get("opinions") or [],
                "remarks": section.get("remarks") or [],
                "lines": lines,
                "span": len(lines),
                "groups": line_groups(lines),
            }
        )
    members = [
        {**member, "line": member_line(member)} for member in (meeting or {}).get("members", [])
    ]
    return {
        "overview": overview_of(report),
        "organization": report.get("organization", ""),
        "plan_title": report.get("plan_title", ""),
        "fiscal_year": report.get("fiscal_year"),
        "fiscal_year_label": report.get("fiscal_year_label", ""),
        "is_draft": report.get("status", DRAFT) == DRAFT,
        "meeting": meeting,
        "meeting_when": meeting_when(meeting) if meeting else "",
        "members": members,
        "member_count": len(members),
        "opinions": report.get("opinions") or [],
        "section_opinions": [s for s in sections if s["opinions"]],
        "scale": scale_text(report.get("grade_scale") or []),
        "sections": sections,
        "public": public,
    }
