"""The dated territory: each record's in_territory flag recomputed from its district and date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.apps import apps
from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.organizations.models import District

from .records import BusinessRecord

TERRITORY_FIELDS = ("in_territory", "in_territory_from", "in_territory_to")


def record_models() -> list[type[BusinessRecord]]:
    """Every concrete record kind (the apps that define them are installed)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BusinessRecord) and not model._meta.abstract
    ]


def day_condition(fields: tuple[str, ...], bound: date, lookup: str) -> Q:
    """Q for "the record's day (first non-empty of `fields`) `lookup` bound", in SQL."""
    condition = Q()
    earlier_empty = Q()
    for index, name in enumerate(fields):
        term = earlier_empty & Q(**{f"{name}__{lookup}": bound})
        condition = term if index == 0 else condition | term
        earlier_empty &= Q(**{f"{name}__isnull": True})
    return condition


def inside_condition(model: type[BusinessRecord], district: District) -> Q | None:
    """Q matching the model's records of `district` that are inside on their own day
    (None: none of them are)."""
    if not district.in_territory:
        return None
    condition = Q(district_id=district.pk)
    fields = model.territory_date_fields
    if district.in_territory_from is not None:
        condition &= day_condition(fields, district.in_territory_from, "gte")
    if district.in_territory_to is not None:
        condition &= day_condition(fields, district.in_territory_to, "lte")
    return condition


def _flag(model: type[BusinessRecord], districts: list[District]):
    """The SQL value of in_territory for the model's records of these districts."""
    whens = [
        When(condition, then=Value(True))
        for district in districts
        if (condition := inside_condition(model, district)) is not None
    ]
    if not whens:
        return Value(False)
    return Case(*whens, default=Value(False), output_field=models.BooleanField())


def recompute_record_territory(
    districts: Iterable[District], *, rebuild_counts: bool = True
) -> dict[str, int]:
    """Set in_territory of every record of these districts from its own date: one UPDATE per
    record kind. Returns the rows touched per model label. The chambers' dashboard counts are
    rebuilt unless the caller rebuilds them itself (a merger)."""
    from bansou.dashboard import counts

    districts = list(districts)
    if not districts:
        return {}
    touched = {
        model._meta.label: model.objects.filter(district_id__in=[d.pk for d in districts]).update(
            in_territory=_flag(model, districts)
        )
        for model in record_models()
    }
    # Rules may count in_territory: the chambers' dashboard counts are rebuilt (rare, slow).
    for organization_id in sorted({d.organization_id for d in districts}):
        if rebuild_counts:
            counts.rebuild(organization_id)
    return touched


def refresh_records_territory(records: models.QuerySet) -> int:
    """Judge again the records of one kind whose dates were changed in bulk (an event moved
    to another day): one query for their districts, one UPDATE."""
    districts = list(District.objects.filter(pk__in=records.values("district_id")))
    if not districts:
        return 0
    return records.filter(district__isnull=False).update(
        in_territory=_flag(records.model, districts)
    )


@transaction.atomic
def change_district_territory(
    district: District,
    *,
    in_territory: bool,
    in_territory_from: date | None,
    in_territory_to: date | None,
    actor,
) -> District:
    """Change a district's territory period and recompute the flags of its records."""
    if in_territory_from and in_territory_to and in_territory_from > in_territory_to:
        raise DomainError(_("The first day inside the territory is after the last day."))
    before = snapshot(district, TERRITORY_FIELDS)
    district.in_territory = in_territory
    district.in_territory_from = in_territory_from
    district.in_territory_to = in_territory_to
    district.save(update_fields=TERRITORY_FIELDS)
    changes = diff(district, before, snapshot(district, TERRITORY_FIELDS))
    if changes:
        recompute_record_territory([district])
        log_action(district, "organizations.district.territory_changed", actor, changes)
    return district
