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
    # Programmes (bansou/programmes): participations and their outcomes.
    RecordKind(
        "programme_participation",
        "programmes.Participation",
        "started_on",
        "fiscal_year",
        {
            "programme": FilterField("programme__code", T),
            "programme_kind": FilterField("programme__kind", T),
            "status": FilterField("status", T),
            "category": FilterField("category", T),
            "went_cashless": FilterField("went_cashless", B),
        },
    ),
    RecordKind(
        "deal",
        "programmes.Deal",
        "closed_on",
        "fiscal_year",
        {
            "programme": FilterField("programme__code", T),
            "programme_kind": FilterField("programme__kind", T),
            "amount": FilterField("amount", D, summable=True),
        },
    ),
    RecordKind(
        "new_trading_partner",
        "programmes.NewTradingPartner",
        "started_on",
        "fiscal_year",
        {
            "programme": FilterField("programme__code", T),
            "programme_kind": FilterField("programme__kind", T),
        },
    ),
    RecordKind(
        "sales_increase",
        "programmes.SalesOutcome",
        "first_month",
        "fiscal_year",
        {
            "programme": FilterField("programme__code", T),
            "programme_kind": FilterField("programme__kind", T),
            "status": FilterField("participation__status", T),
            "result": FilterField("result", T),
            "increased": FilterField("increased", B),
        },
    ),
    # A business's need put to the DX vendor network (plan §12①), in the year it was sent.
    RecordKind(
        "dx_match",
        "dxmatch.DxNeed",
        "sent_on",
        "fiscal_year",
        {
            "status": FilterField("status", T),
            "chosen": FilterField("chosen", B),
            "vendor_kind": FilterField("chosen_proposal__vendor__kind", T),
            "quote": FilterField("chosen_proposal__amount", N, summable=True),
            "analysis": FilterField("analysis", N),  # analysis__isnull: false = from an analysis
        },
    ),
)


# Team KawaBiz (partners app): a partner's request, and a dispatch visit (0 = pre-hearing).
KINDS |= _kinds(
    RecordKind(
        "referral",
        "partners.Referral",
        "referred_on",
        "fiscal_year",
        {
            "partner": FilterField("partner", T, named=("partners.Partner", "name")),
            "partner_kind": FilterField("partner__kind", T),
            "status": FilterField("status", T),
        },
    ),
    RecordKind(
        "expert_visit",
        "partners.DispatchVisit",
        "visited_on",
        "fiscal_year",
        {
            "programme": FilterField("programme", T, named=("partners.DispatchProgramme", "code")),
            "visit_number": FilterField("number", N),
            "is_pre_hearing": FilterField("is_pre_hearing", B),
            "expert_kind": FilterField("expert__kind", T),
            "status": FilterField("status", T),
        },
    ),
)


# Records about no business: the plan's own meetings, publications and staff development
# (bansou/meetings). Rules count them as records; distinct_businesses and the common business
# facts do not apply and are refused at import.
KINDS |= _kinds(
    RecordKind(
        "meeting",
        "meetings.Meeting",
        "held_on",
        "fiscal_year",
        {"kind": FilterField("kind", T), "head_count": FilterField("head_count", N, summable=True)},
        business_field=None,
        common_facts=False,
    ),
    RecordKind(
        "publication",
        "meetings.Publication",
        "published_on",
        "fiscal_year",
        {
            "kind": FilterField("kind", T),
            "medium": FilterField("medium", T),
            "subject": FilterField("subject", T),
        },
        business_field=None,
        common_facts=False,
    ),
    RecordKind(
        "conference",
        "meetings.Conference",
        "held_on",
        "fiscal_year",
        {"format": FilterField("format", T)},
        business_field=None,
        common_facts=False,
    ),
    RecordKind(
        "staff_training",
        "meetings.Training",
        "held_on",
        "fiscal_year",
        {"kind": FilterField("kind", T), "hours": FilterField("hours", D, summable=True)},
        business_field=None,
        common_facts=False,
    ),
    RecordKind(
        "guide_version",
        "meetings.GuideVersion",
        "saved_on",
        "fiscal_year",
        {"theme": FilterField("page__theme", T)},
        business_field=None,
        common_facts=False,
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


# A demand survey (bansou/demand) about one business's product: counted in the fiscal year it
# was completed (`completed_on`: the feedback to the business, given once the survey held its
# target number of responses); surveys not completed have no year.
KINDS |= _kinds(
    RecordKind(
        "demand_survey",
        "demand.DemandSurvey",
        "completed_on",
        "fiscal_year",
        {
            "channel": FilterField("channel", T),
            "status": FilterField("status", T),
            "responses": FilterField("response_count", N, summable=True),
            "target_responses": FilterField("target_responses", N),
        },
    ),
)


# A member store's e-voucher usage report handed over to it (bansou/vouchers, plan §2 ②):
# counted by store in the fiscal year of the hand-over, filterable by the expert who joined.
KINDS |= _kinds(
    RecordKind(
        "voucher_feedback",
        "vouchers.VoucherFeedback",
        "handed_on",
        "fiscal_year",
        {
            "expert": FilterField("expert", T, named=("partners.Expert", "name")),
            "expert_kind": FilterField("expert__kind", T),
        },
    ),
)


def get_kind(code: str) -> RecordKind | None:
    return KINDS.get(code)
