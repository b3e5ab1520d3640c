"""What an evaluation returns: frozen dataclasses the committee app renders and snapshots.

`EvaluationResult.to_dict()` is JSON-serialisable (Decimals become int or float) and is the
shape of `bansou evaluate --format json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _field(f.name, getattr(value, f.name)) for f in fields(value)}
    return value


def _field(name: str, value):
    # Percents keep their one decimal in JSON (80.0, not 80), as the report prints them.
    if name.endswith("percent") and isinstance(value, Decimal):
        return float(value)
    return _plain(value)


@dataclass(frozen=True)
class RowResult:
    key: str
    title: str
    department: str
    unit: str
    actual: Decimal | None
    target: Decimal | None
    target_kind: str  # "number" | "as_needed" | "none"
    counted: bool  # enters the section's sums
    reason: str  # why not counted (Japanese), "" when counted
    remarks: list[str]
    role: str  # "activity" | "outcome" | "qualitative"
    outcomes: list[RowResult]
    rate_percent: Decimal | None
    grade: str | None
    source: str  # "rule" | "manual" | "carried_out"
    drilldown: bool  # the actual was computed from records and can be opened
    exclusions: list[dict]  # [{"name", "count"}]
    label: str = ""
    status: str = ""  # "carried_out" | "not_carried_out" | "not_reported" | ""
    actual_display: str = ""  # "1,068", "実施", "連携", "－"
    survey_item: str = ""
    # 移行前の集計値 (evaluation.engine.opening_display): None for a row without one.
    opening: dict | None = None

    def to_dict(self) -> dict:
        return _plain(self)


@dataclass(frozen=True)
class SectionResult:
    number: int
    title: str
    actual: Decimal | None
    target: Decimal | None
    percent: Decimal | None  # one decimal; None without a target
    grade: str | None
    grade_basis: str  # "rate" | "subsections" | "qualitative"
    subsections: list[SectionResult]
    rows: list[RowResult]
    remarks: list[str]
    key: str = ""
    units: str = ""  # "件", "回", "件/回": the units summed, as the report prints them
    description: str = ""  # the report's parenthetical: （外部環境の分析）
    notes: list[str] = field(default_factory=list)  # internal notes, never in the report

    def to_dict(self) -> dict:
        return _plain(self)

    def all_rows(self) -> list[RowResult]:
        """Rows of this section and of its subsections, outcomes after their activity."""
        rows = []
        for row in self.rows:
            rows.append(row)
            rows.extend(row.outcomes)
        for sub in self.subsections:
            rows.extend(sub.all_rows())
        return rows


@dataclass(frozen=True)
class EvaluationResult:
    organization: str
    organization_slug: str
    plan_title: str
    fiscal_year: int
    fiscal_year_label: str
    grade_scale: list[dict]
    sections: list[SectionResult]
    computed_at: str
    plan_code: str = ""
    plan_period: dict = field(default_factory=dict)
    overview: dict = field(default_factory=dict)  # 経営発達支援計画の概要 (plan file `report`)

    def to_dict(self) -> dict:
        return _plain(self)

    def section(self, number: int) -> SectionResult:
        return next(s for s in self.sections if s.number == number)

    def row(self, key: str) -> RowResult:
        for section in self.sections:
            for row in section.all_rows():
                if row.key == key:
                    return row
        raise KeyError(key)


@dataclass(frozen=True)
class ProgressRow:
    key: str
    title: str
    department: str
    unit: str
    section_number: int
    target: Decimal | None
    target_kind: str
    cumulative: list[Decimal | None]  # April … March; None for months after `as_of`
    prorated_target: list[Decimal | None]  # target × months/12, April … March
    kgi_level: int | None
    kpi_level: int | None
    needs_review: bool
    role: str = "activity"
    source: str = "rule"

    def to_dict(self) -> dict:
        return _plain(self)


@dataclass(frozen=True)
class ProgressTable:
    organization: str
    plan_title: str
    fiscal_year: int
    fiscal_year_label: str
    as_of: date
    months: list[str]  # "2024-04" … "2025-03"
    months_elapsed: int
    rows: list[ProgressRow]
    level_bands: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return _plain(self)
