"""The query parameters of each list: a cursor, a page size, updated-since, and its own filters."""

from typing import Annotated, ClassVar, Literal

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

from bansou.analysis.models import AnalysisStatus
from bansou.business_plans.choices import PlanKind, PlanStatus
from bansou.followups.rules import FollowUpGroup
from bansou.motivation.models import Rank
from bansou.support.choices import Channel

from .types import DEFAULT_LIMIT, Cursor, FiscalYear, Id, Limit, Moment, text


class ListQuery(Schema):
    cursor: Cursor | None = Field(None, description="The next_cursor of the previous page.")
    limit: Limit = Field(DEFAULT_LIMIT, description="Rows per page (1 to 200).")
    updated_since: Moment | None = Field(
        None, description="Only rows created or changed at or after this moment (ISO 8601)."
    )

    # Fields that are not a filter on the column of the same name.
    not_columns: ClassVar[frozenset[str]] = frozenset({"cursor", "limit", "updated_since"})

    def apply(self, queryset: QuerySet) -> QuerySet:
        if self.updated_since is not None:
            queryset = queryset.filter(updated_at__gte=self.updated_since)
        for name, value in self.model_dump().items():
            if name not in self.not_columns and value is not None:
                queryset = queryset.filter(**{name: value})
        return queryset


class BusinessQuery(ListQuery):
    q: text(100) | None = Field(None, description="Part of the name or its kana.")
    district_id: Id | None = None
    is_small: bool | None = None
    is_member: bool | None = None

    not_columns = ListQuery.not_columns | {"q"}

    def apply(self, queryset: QuerySet) -> QuerySet:
        queryset = super().apply(queryset)
        return queryset.search(self.q) if self.q else queryset


class RecordQuery(ListQuery):
    business_id: Id | None = None
    fiscal_year: FiscalYear | None = None


class SupportRecordQuery(RecordQuery):
    staff_id: Id | None = None
    channel: Literal[tuple(Channel.values)] | None = None  # type: ignore[valid-type]


class MotivationCheckQuery(RecordQuery):
    rank: Literal[tuple(Rank.values)] | None = None  # type: ignore[valid-type]


class AnalysisQuery(RecordQuery):
    status: Literal[tuple(AnalysisStatus.values)] | None = None  # type: ignore[valid-type]


class BusinessPlanQuery(RecordQuery):
    status: Literal[tuple(PlanStatus.values)] | None = None  # type: ignore[valid-type]
    kind: Literal[tuple(PlanKind.values)] | None = None  # type: ignore[valid-type]


class FollowUpReportQuery(RecordQuery):
    plan_id: Id | None = None
    group: (
        Annotated[int, Field(ge=min(FollowUpGroup.values), le=max(FollowUpGroup.values))] | None
    ) = None


class FollowUpContactQuery(RecordQuery):
    plan_id: Id | None = None
