"""What the API returns and accepts: one schema per resource, the model's field names."""

from datetime import date, datetime, time
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, model_validator

from bansou.support.choices import Channel, Theme
from bansou.support.models import LOCAL_TZ, NARRATIVE_FIELDS

from .types import Day, Id, Moment, text


class Page(Schema):
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class BusinessOut(Schema):
    id: int
    name: str
    name_kana: str
    corporate_number: str
    representative: str
    postal_code: str
    address: str
    phone: str
    district_id: int | None
    district: str | None
    industry: str
    industry_major_group: str
    capital: int | None
    employees: int | None
    founded_on: date | None
    is_member: bool
    is_small: bool | None
    is_sme: bool | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_district(obj) -> str | None:
        return obj.district.name if obj.district_id else None


class BusinessPage(Page):
    items: list[BusinessOut]


class RecordOut(Schema):
    """What every record about a business carries (businesses.records.BusinessRecord)."""

    id: int
    business_id: int
    staff_id: int
    staff: str
    in_territory: bool
    is_small: bool | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_staff(obj) -> str:
        return str(obj.staff)


class SupportRecordOut(RecordOut):
    occurred_at: datetime
    time_known: bool
    occurred_on: date
    fiscal_year: int
    channel: str
    duration_minutes: int | None
    themes: list[str]
    condition: str
    issues: str
    analysis: str
    support: str
    approach: str
    next_action: str
    next_action_due: date | None
    next_action_done: bool

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return sorted(theme.theme for theme in obj.themes.all())


class SupportRecordPage(Page):
    items: list[SupportRecordOut]


NARRATIVE = text(10_000)


class SupportRecordIn(Schema):
    """A new support record; the staff member is the token's user."""

    business_id: Id
    occurred_at: Moment
    time_known: bool = True
    channel: Literal[tuple(Channel.values)]  # type: ignore[valid-type]
    themes: list[Literal[tuple(Theme.values)]] = Field(  # type: ignore[valid-type]
        min_length=1, max_length=len(Theme.values)
    )
    duration_minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    condition: NARRATIVE = ""
    issues: NARRATIVE = ""
    analysis: NARRATIVE = ""
    support: NARRATIVE = ""
    approach: NARRATIVE = ""
    next_action: NARRATIVE = ""
    next_action_due: Day | None = None

    model_config = {"extra": "forbid"}

    @model_validator(mode="after")
    def the_forms_rules(self):
        """What the page's form also requires (support.forms.SupportRecordForm.clean); the
        messages are the form's own."""
        if not any(getattr(self, name).strip() for name in NARRATIVE_FIELDS):
            raise ValueError(
                _(
                    "Write at least one of business condition, current issues, analysis, "
                    "support given and approach."
                )
            )
        if self.next_action_due is not None and not self.next_action.strip():
            raise ValueError(_("Describe the next action that is due."))
        return self

    def moment(self) -> datetime:
        """occurred_at; the day's local midnight when the time of day is not known (as the
        form stores it, so that lists sort and count it on its day)."""
        if self.time_known:
            return self.occurred_at
        day = self.occurred_at.astimezone(LOCAL_TZ).date()
        return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


class MotivationCheckOut(RecordOut):
    checked_on: date
    fiscal_year: int
    channel: str
    score: float
    rank: str
    priority: bool
    priority_reason: str
    note: str
    total_only: bool


class MotivationCheckPage(Page):
    items: list[MotivationCheckOut]


class AnalysisOut(RecordOut):
    analysed_on: date
    fiscal_year: int
    status: str
    completed_on: date | None
    issues: str
    issue_details: str
    strengths: str
    weaknesses: str
    opportunities: str
    threats: str
    it_level: int | None
    advisor_comment: str


class AnalysisPage(Page):
    items: list[AnalysisOut]


class YearTargetOut(Schema):
    fiscal_year: int
    sales: int | None
    profit: int | None


class BusinessPlanOut(RecordOut):
    title: str
    kind: str
    is_dx: bool
    summary: str
    status: str
    started_on: date
    completed_on: date | None
    fiscal_year: int | None
    approved_on: date | None
    approving_body: str
    analysis_id: int | None
    baseline_fiscal_year: int | None
    follow_up_group: int | None
    follow_up_due: date | None
    last_reported_on: date | None
    next_report_due: date | None
    year_targets: list[YearTargetOut]

    @staticmethod
    def resolve_year_targets(obj) -> list:
        return list(obj.year_targets.all())


class BusinessPlanPage(Page):
    items: list[BusinessPlanOut]


class FollowUpReportOut(RecordOut):
    plan_id: int
    reported_on: date
    fiscal_year: int
    period_fiscal_year: int
    sales: int | None
    profit: int | None
    wants_support: bool
    note: str
    profit_trend: str
    sales_trend: str
    group: int
    next_contact_due: date
    profit_increased: bool | None
    targets_met: bool | None


class FollowUpReportPage(Page):
    items: list[FollowUpReportOut]


class FollowUpContactOut(RecordOut):
    plan_id: int
    contacted_on: date
    fiscal_year: int
    channel: str
    note: str
    support_record_id: int | None


class FollowUpContactPage(Page):
    items: list[FollowUpContactOut]


class DevelopmentPlanOut(Schema):
    id: int
    code: str
    title: str
    starts_on: date
    ends_on: date
    fiscal_years: list[int]
    updated_at: datetime

    @staticmethod
    def resolve_ends_on(obj) -> date:
        return obj.effective_ends_on()

    @staticmethod
    def resolve_fiscal_years(obj) -> list[int]:
        return list(obj.fiscal_years())


class EvaluationRowOut(Schema):
    key: str
    section: int
    title: str
    unit: str
    role: str
    actual: float | None
    target: float | None
    target_kind: str
    rate_percent: float | None
    grade: str | None
    counted: bool
    reason: str
    actual_display: str


class EvaluationSectionOut(Schema):
    number: int
    title: str
    actual: float | None
    target: float | None
    rate_percent: float | None
    grade: str | None


class EvaluationOut(Schema):
    plan_id: int
    fiscal_year: int
    fiscal_year_label: str
    computed_at: str
    sections: list[EvaluationSectionOut]
    rows: list[EvaluationRowOut]
