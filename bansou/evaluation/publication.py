"""The committee's confirmed report of a year, and how today's table differs from it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.utils.translation import gettext as _

from bansou.core.errors import DomainError
from bansou.lib.eras import fiscal_year_label


def published_report(plan, fiscal_year: int) -> dict | None:
    """The snapshot taken when the year's committee meeting closed, if it has closed.

    Read through the app registry: the committee builds on the evaluation, not the reverse.
    """
    snapshot = apps.get_model("committee", "Snapshot")
    found = (
        snapshot.objects.filter(
            organization_id=plan.organization_id,
            meeting__plan=plan,
            meeting__fiscal_year=fiscal_year,
            meeting__status="closed",
        )
        .only("result")
        .first()
    )
    return found.result if found is not None else None


def is_published(plan, fiscal_year: int) -> bool:
    return published_report(plan, fiscal_year) is not None


def require_change_reason(plan, fiscal_year: int, change_reason: str) -> None:
    """A change to a year whose report is confirmed needs a reason (it goes to the audit log)."""
    if change_reason.strip() or not is_published(plan, fiscal_year):
        return
    raise DomainError(
        _(
            "The committee's report of %(year)s is confirmed and published: give the reason "
            "for changing its figures."
        )
        % {"year": fiscal_year_label(fiscal_year)},
        code="published",
    )


@dataclass(frozen=True)
class Difference:
    """One figure of the live table that is not what the published report says."""

    where: str  # "①地域の経済動向調査に関すること" or a row's title
    published: str
    live: str


def _number(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _text(value, suffix: str = "") -> str:
    number = _number(value)
    if number is None:
        return "－"
    shown = f"{int(number):,}" if number == number.to_integral_value() else f"{number.normalize()}"
    return shown + suffix


def _rows(section: dict) -> list[dict]:
    rows = []
    for row in section.get("rows") or []:
        rows.append(row)
        rows.extend(row.get("outcomes") or [])
    for sub in section.get("subsections") or []:
        rows.extend(_rows(sub))
    return rows


def differences(published: dict, live: dict) -> list[Difference]:
    """Rows whose actual, and sections whose rate or computed grade, moved since publication
    (pure: both are report dicts, as evaluation_dict() and the snapshot hold them)."""
    found: list[Difference] = []
    live_sections = {s.get("number"): s for s in live.get("sections") or []}
    for section in published.get("sections") or []:
        now = live_sections.get(section.get("number"))
        if now is None:
            continue
        live_rows = {r.get("key"): r for r in _rows(now)}
        for row in _rows(section):
            other = live_rows.get(row.get("key"))
            if other is not None and _number(row.get("actual")) != _number(other.get("actual")):
                title = " ".join(p for p in (row.get("label", ""), row.get("title", "")) if p)
                found.append(
                    Difference(title, _text(row.get("actual")), _text(other.get("actual")))
                )
        grade = section.get("computed_grade") or section.get("grade")
        percent, live_percent = _number(section.get("percent")), _number(now.get("percent"))
        if percent != live_percent or grade != now.get("grade"):
            found.append(
                Difference(
                    f"{section.get('number')}．{section.get('title', '')}",
                    f"{_text(percent, '%')} → {grade or '－'}",
                    f"{_text(live_percent, '%')} → {now.get('grade') or '－'}",
                )
            )
    return found
