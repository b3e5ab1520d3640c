"""The validated content of a plan file, before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

FORMAT = "bansou-plan/1"


@dataclass(frozen=True)
class TargetSpec:
    kind: str  # TargetKind
    value: Decimal | None = None


@dataclass
class RowSpec:
    key: str
    title: str
    line: int
    label: str = ""
    department: str = ""
    unit: str = ""
    baseline: str = ""
    publication: str = ""
    role: str = "activity"
    source: str = "manual"
    rule: dict | None = None
    targets: dict[int, TargetSpec] = field(default_factory=dict)
    survey_item: str = ""
    qualitative_label: str = ""
    note: str = ""
    outcomes: list[RowSpec] = field(default_factory=list)


@dataclass
class SectionSpec:
    number: int
    key: str
    title: str
    line: int
    grade_basis: str = "rate"
    note: str = ""
    rows: list[RowSpec] = field(default_factory=list)
    subsections: list[SectionSpec] = field(default_factory=list)


@dataclass
class AmendmentSpec:
    amended_on: date
    reason: str
    changes: str
    line: int
    ends_on: date | None = None
    targets: dict[str, dict[int, TargetSpec]] = field(default_factory=dict)


@dataclass
class PlanSpec:
    code: str
    title: str
    starts_on: date
    ends_on: date
    summary: str = ""
    amendments: list[AmendmentSpec] = field(default_factory=list)
    sections: list[SectionSpec] = field(default_factory=list)
    grade_scale: list[dict] | None = None
    report: dict = field(default_factory=dict)

    def all_rows(self) -> list[RowSpec]:
        rows = []

        def walk(sections):
            for section in sections:
                for row in section.rows:
                    rows.append(row)
                    rows.extend(row.outcomes)
                walk(section.subsections)

        walk(self.sections)
        return rows
