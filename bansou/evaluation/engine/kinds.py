"""The record kinds a plan's rules may count, and the fields a rule may filter on.

Rules are data (a plan file names "motivation_check" and "district"), so this registry is the
one place that maps those names onto models and ORM paths. Models are resolved lazily with
apps.get_model: the evaluation imports, and plan files validate, before every record app exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.apps import apps
from django.db import models


class FieldType(StrEnum):
    BOOL = "bool"
    TEXT = "text"  # a choice code or a name; compared as text
    INT = "int"
    DECIMAL = "decimal"


@dataclass(frozen=True)
class FilterField:
    """A name a rule may use in `where`, the ORM path behind it and the type of its values."""

    path: str
    type: FieldType
    # For values kept in a child table (a support record's themes): (model label, FK to the
    # record, field). Filtered with EXISTS so that the record is never counted twice.
    via: tuple[str, str, str] | None = None
    # For a name kept in a related table (a district's name): (model label, field). Compiled
    # to `fk IN (SELECT id … WHERE field = value)`, which the database runs once, instead of a
    # join evaluated for every record.
    named: tuple[str, str] | None = None
    summable: bool = False


# Facts every BusinessRecord captures when it is written (businesses/records.py).
COMMON_FIELDS: dict[str, FilterField] = {
    "district": FilterField("district", FieldType.TEXT, named=("organizations.District", "name")),
    "in_territory": FilterField("in_territory", FieldType.BOOL),
    "is_small": FilterField("is_small", FieldType.BOOL),
    # Read from the business itself: a join, so slower than the captured facts above.
    "is_member": FilterField("business__is_member", FieldType.BOOL),
    "industry": FilterField("business__industry", FieldType.TEXT),
}


@dataclass(frozen=True)
class RecordKind:
    code: str
    model_label: str
    date_field: str
    fiscal_year_field: str
    fields: dict[str, FilterField] = field(default_factory=dict)
    # The business a record is about; distinct counts count this. None for records about no
    # business (a meeting, a publication, a training): they are counted as records only.
    business_field: str | None = "business_id"
    # Whether the record captures the common business facts (district, in_territory, …).
    common_facts: bool = True

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def is_available(self) -> bool:
        try:
            self.model  # noqa: B018 - resolving is the check
        except LookupError:
            return False
        return True

    @property
    def has_business(self) -> bool:
        return self.business_field is not None

    def all_fields(self) -> dict[str, FilterField]:
        if not self.common_facts:
            return dict(self.fields)
        return {**COMMON_FIELDS, **self.fields}


def _kinds(*kinds: RecordKind) -> dict[str, RecordKind]:
    return {kind.code: kind for kind in kinds}


B, T, N, D = FieldType.BOOL, FieldType.TEXT, FieldType.INT, FieldType.DECIMAL

KINDS: dict[str, RecordKind] = _kinds(
    RecordKind(
        "support_record",
        "support.SupportRecord",
        "occurred_on",
        "fiscal_year",
        {
            "channel": FilterField("channel", T),
            "theme": FilterField("theme", T, via=("support.SupportRecordTheme", "record", "theme")),
            "duration_minutes": FilterField("duration_minutes", N, summable=True),
            "next_action_done": FilterField("next_action_done", B),
        },
    ),
    RecordKind(
        "motivation_check",
        "motivation.MotivationCheck",
        "checked_on",
        "fiscal_year",
        {
            "channel": FilterField("channel", T),
            "rank": FilterField("rank", T),
            "priority": FilterField("priority", B),
            "score": FilterField("score", D),
        },
    ),
    RecordKind(
        "analysis",
        "analysis.BusinessAnalysis",
        "analysed_on",
        "fiscal_year",
        {
            "status": FilterField("status", T),
            "it_level": FilterField("it_level", N),
        },
    ),
    RecordKind(
        "business_plan",
        "business_plans.BusinessPlan",
        "completed_on",
        "fiscal_year",
        {
            "kind": FilterField("kind", T),
            "is_dx": FilterField("is_dx", B),
            "status": FilterField("status", T),
            "group": FilterField("follow_up_group", N),
            "approving_body": FilterField("approving_body", T),
            "consultations": FilterField("consultations", N, summable=True),
        },
    ),
    RecordKind(
        "follow_up_report",
        "followups.FollowUpReport",
        "reported_on",
        "fiscal_year",
        {
            "group": FilterField("group", N),
            "profit_increased": FilterField("profit_increased", B),
            "targets_met": FilterField("targets_met", B),
            "wants_support": FilterField("wants_support", B),
            "profit_trend": FilterField("profit_trend", T),
            "sales_trend": FilterField("sales_trend", T),
            "period_fiscal_year": FilterField("period_fiscal_year", N),
            "plan_kind": FilterField("plan__kind", T),
            "is_dx": FilterField("plan__is_dx", B),
        },
    ),
    RecordKind(
        "follow_up_contact",
        "followups.FollowUpContact",
        "contacted_on",
        "fiscal_year",
        {
            "channel": FilterField("channel", T),
            "group": FilterField("plan__follow_up_group", N),
            "plan_kind": FilterField("plan__kind", T),
            "is_dx": FilterField("plan__is_dx", B),
        },
    ),
    RecordKind(
        "event_participation",
        "events.EventParticipation",
        "participated_on",
        "fiscal_year",
        {
            "event_kind": FilterField("event__kind", T),
            "deals_closed": FilterField("deals_closed", N, summable=True),
            "new_trading_partners": FilterField("new_trading_partners", N, summable=True),
        },
    ),
)


# A survey round carried out (bansou/surveys): about no business, counted as records by the
# survey's code and whether its result was published. Its fiscal year is that of its
# publication day (of the day it was conducted while unpublished): SurveyRound.counted_on.
KINDS |= _kinds(
    RecordKind(
        "survey_round",
        "surveys.SurveyRound",
        "counted_on",
        "fiscal_year",
        {
            "survey": FilterField("survey_code", T),
            "published": FilterField("published", B),
            "cadence": FilterField("survey__cadence", T),
        },
        business_field=None,
        common_facts=False,
    ),
)


def get_kind(code: str) -> RecordKind | None:
    return KINDS.get(code)
