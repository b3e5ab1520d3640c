"""The stores' monthly voucher sales feed programmes.MonthlySales and the +5% outcome."""

from datetime import date

import pytest

from bansou.programmes import services as programme_services
from bansou.programmes.models import MonthlySales, SalesOutcome
from bansou.programmes.sales import add_months
from bansou.vouchers import services
from bansou.vouchers.models import VoucherUsage

from .factories import member

pytestmark = pytest.mark.django_db


def _usage(business, first: date, months: int, per_month: int, start=0):
    return [
        VoucherUsage(
            organization_id=business.organization_id, business=business,
            used_on=add_months(first, i), month=add_months(first, i), amount=per_month,
            gender="f", age_band=30, key=f"T:{business.pk}-{start + i}",
        )
        for i in range(months)
    ]  # fmt: skip


def test_voucher_sales_make_the_outcome(business_a, advisor_a):
    # Member of the FY2025 issue from October; a year of usage before and after.
    member(business_a, advisor_a, started_on=date(2025, 10, 1))
    VoucherUsage.objects.bulk_create(
        _usage(business_a, date(2024, 10, 1), 6, 100_000)
        + _usage(business_a, date(2025, 10, 1), 6, 105_000, start=100)
    )
    counts = services.feed_monthly_sales(business_a.organization, [business_a.pk])
    assert counts == {"created": 12, "updated": 0}
    assert set(MonthlySales.objects.values_list("source", flat=True)) == {"voucher"}
    outcome = SalesOutcome.objects.get(business=business_a)
    assert (outcome.result, str(outcome.change_percent), outcome.increased) == (
        "increased", "5.0", True,
    )  # fmt: skip
    # Feeding again changes nothing; a corrected month is updated and the outcome follows.
    assert services.feed_monthly_sales(business_a.organization, [business_a.pk]) == {
        "created": 0, "updated": 0,
    }  # fmt: skip
    VoucherUsage.objects.filter(business=business_a, month=date(2026, 3, 1)).update(amount=50_000)
    services.feed_monthly_sales(business_a.organization, [business_a.pk])
    outcome.refresh_from_db()
    assert (outcome.result, outcome.increased) == ("not_increased", False)


def test_the_business_s_own_figures_win(business_a, advisor_a):
    member(business_a, advisor_a, started_on=date(2025, 10, 1))
    programme_services.save_monthly_sales(
        business_a, {date(2024, 10, 1): 900_000}, "report", actor=advisor_a
    )
    VoucherUsage.objects.bulk_create(_usage(business_a, date(2024, 10, 1), 3, 100_000))
    counts = services.feed_monthly_sales(business_a.organization, [business_a.pk])
    assert counts == {"created": 0, "updated": 0}
    assert list(MonthlySales.objects.values_list("month", "amount", "source")) == [
        (date(2024, 10, 1), 900_000, "report")
    ]
