"""Small builders for programme tests."""

from datetime import date
from decimal import Decimal

from bansou.programmes import services
from bansou.programmes.models import Participation, Programme
from bansou.programmes.sales import add_months


def programme(organization, code="store-diagnosis", kind="store_diagnosis", first=2023):
    return Programme.objects.create(
        organization=organization, code=code, name=code, kind=kind, first_fiscal_year=first
    )


def participate(programme, business, staff, started_on, status="completed", **fields):
    return services.add_participation(
        Participation(
            programme=programme,
            business=business,
            staff=staff,
            started_on=started_on,
            status=status,
            **fields,
        ),
        actor=staff,
    )


def two_years(first: date, before, after, count=24) -> dict:
    """`count` months from `first`: the first twelve at `before`, the rest at `after`."""
    return {add_months(first, i): Decimal(before if i < 12 else after) for i in range(count)}
