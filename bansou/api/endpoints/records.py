"""Records about businesses: one list and one detail endpoint per kind, built alike."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from bansou.analysis.models import BusinessAnalysis
from bansou.business_plans.models import BusinessPlan
from bansou.businesses.models import Business
from bansou.followups.models import FollowUpContact, FollowUpReport
from bansou.motivation.models import MotivationCheck
from bansou.support.models import SupportRecord
from bansou.support.services import record_support

from .. import filters, schemas
from ..errors import ErrorOut, NotFound
from ..reading import read_one, read_page, require_reader, require_writer
from ..types import Id

router = Router()
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


@dataclass(frozen=True)
class RecordKind:
    path: str  # also the resource name in the audit entry, e.g. "support-records"
    name: str  # URL name of one object and operation id get_<name>
    plural: str  # URL name of the list and operation id list_<plural>
    model: type[models.Model]
    out: type
    page: type
    query: type
    related: tuple[str, ...] = ("staff",)
    prefetched: tuple[str, ...] = ()

    def in_chamber(self, user) -> models.QuerySet:
        return (
            self.model.objects.filter(organization=user.organization_id)
            .select_related(*self.related)
            .prefetch_related(*self.prefetched)
        )

    def visible(self, user) -> models.QuerySet:
        return (
            self.model.objects.for_user(user)
            .select_related(*self.related)
            .prefetch_related(*self.prefetched)
        )


KINDS = (
    RecordKind(
        "support-records",
        "support_record",
        "support_records",
        SupportRecord,
        schemas.SupportRecordOut,
        schemas.SupportRecordPage,
        filters.SupportRecordQuery,
        prefetched=("themes",),
    ),
    RecordKind(
        "motivation-checks",
        "motivation_check",
        "motivation_checks",
        MotivationCheck,
        schemas.MotivationCheckOut,
        schemas.MotivationCheckPage,
        filters.MotivationCheckQuery,
    ),
    RecordKind(
        "analyses",
        "analysis",
        "analyses",
        BusinessAnalysis,
        schemas.AnalysisOut,
        schemas.AnalysisPage,
        filters.AnalysisQuery,
    ),
    RecordKind(
        "business-plans",
        "business_plan",
        "business_plans",
        BusinessPlan,
        schemas.BusinessPlanOut,
        schemas.BusinessPlanPage,
        filters.BusinessPlanQuery,
        prefetched=("year_targets",),
    ),
    RecordKind(
        "followup-reports",
        "followup_report",
        "followup_reports",
        FollowUpReport,
        schemas.FollowUpReportOut,
        schemas.FollowUpReportPage,
        filters.FollowUpReportQuery,
    ),
    RecordKind(
        "followup-contacts",
        "followup_contact",
        "followup_contacts",
        FollowUpContact,
        schemas.FollowUpContactOut,
        schemas.FollowUpContactPage,
        filters.FollowUpContactQuery,
    ),
)


def _register(kind: RecordKind) -> None:
    def list_view(request, query: Query[kind.query]):  # type: ignore[name-defined]
        require_reader(request.user)
        return read_page(request, kind.path, kind.visible(request.user), query)

    def detail_view(request, id: Id):
        require_reader(request.user)
        return read_one(request, kind.path, kind.visible(request.user), id)

    list_view.__name__ = f"list_{kind.plural}"
    detail_view.__name__ = f"get_{kind.name}"
    router.get(
        f"/{kind.path}",
        response={200: kind.page, **READ_ERRORS},
        url_name=kind.plural,
        operation_id=list_view.__name__,
        tags=[kind.path],
    )(list_view)
    router.get(
        f"/{kind.path}/{{id}}",
        response={200: kind.out, 404: ErrorOut, **READ_ERRORS},
        url_name=kind.name,
        operation_id=detail_view.__name__,
        tags=[kind.path],
    )(detail_view)


for _kind in KINDS:
    _register(_kind)


@router.post(
    "/support-records",
    response={201: schemas.SupportRecordOut, 404: ErrorOut, 413: ErrorOut, **READ_ERRORS},
    url_name="support_records",
    tags=["support-records"],
)
def create_support_record(request, payload: schemas.SupportRecordIn):
    """Record a contact with a business (カルテ) as the token's user; written and audited by
    the same service as the page's form."""
    require_writer(request.user)
    business = (
        Business.objects.for_user(request.user)
        .select_related("district")
        .filter(pk=payload.business_id)
        .first()
    )
    if business is None:
        raise NotFound(_("No such business in your chamber."))
    fields = payload.model_dump(exclude={"business_id", "occurred_at", "channel", "themes"})
    record = record_support(
        business=business,
        staff=request.user,
        occurred_at=payload.moment(),
        channel=payload.channel,
        themes=payload.themes,
        actor=request.user,
        **fields,
    )
    return Status(201, kind_of(SupportRecord).in_chamber(request.user).get(pk=record.pk))


def kind_of(model) -> RecordKind:
    return next(kind for kind in KINDS if kind.model is model)
