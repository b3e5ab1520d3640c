"""The stored +5% outcome follows every write; deals and partners; bad input writes nothing."""

from datetime import date
from decimal import Decimal as D

import pytest

from bansou.audit.models import AuditEntry
from bansou.core.errors import DomainError
from bansou.programmes import services
from bansou.programmes.models import Deal, MonthlySales, NewTradingPartner, SalesOutcome
from bansou.testing import make_business

from .factories import participate, programme, two_years

pytestmark = pytest.mark.django_db


def _stored(business):
    return {
        o.participation_id: {name: getattr(o, name) for name in services._OUTCOME_FIELDS}
        for o in SalesOutcome.objects.filter(business=business)
    }


def _recomputed(business):
    return {pk: values for pk, (_p, values) in services.expected_outcomes([business.pk]).items()}


def test_outcome_follows_sales_and_participation_writes(chamber_a, business_a, advisor_a):
    diagnosis = programme(chamber_a)
    p = participate(diagnosis, business_a, advisor_a, date(2024, 10, 10))
    assert not SalesOutcome.objects.exists()  # no sales, no outcome row
    services.save_monthly_sales(
        business_a, two_years(date(2023, 4, 1), 100_000, 106_000), "report", actor=advisor_a
    )
    outcome = SalesOutcome.objects.get(participation=p)
    assert (outcome.result, outcome.increased, outcome.fiscal_year) == ("increased", True, 2024)
    assert (outcome.before_total, outcome.after_total, outcome.change_percent) == (
        D(600_000), D(636_000), D("6.0"),
    )  # fmt: skip
    assert (outcome.first_month, outcome.last_month, outcome.months_compared) == (
        date(2024, 10, 1), date(2025, 3, 1), 6,
    )  # fmt: skip
    # A month removed: missing, not counted.
    services.save_monthly_sales(business_a, {date(2025, 1, 1): None}, "report", actor=advisor_a)
    outcome.refresh_from_db()
    assert (outcome.result, outcome.increased, outcome.missing_months) == (
        "incomplete", False, ["2025-01"],
    )  # fmt: skip
    # The participation moved to FY2023: the window and the year follow.
    p.started_on = date(2024, 3, 5)
    services.update_participation(p, actor=advisor_a)
    outcome.refresh_from_db()
    assert (outcome.fiscal_year, outcome.first_month, outcome.result) == (
        2023, date(2024, 3, 1), "incomplete",  # March 2023 is not known
    )  # fmt: skip
    assert _stored(business_a) == _recomputed(business_a)
    services.remove_participation(p, actor=advisor_a)
    assert not SalesOutcome.objects.exists()


def test_a_store_in_two_programmes_has_one_outcome_per_participation(
    chamber_a, business_a, advisor_a
):
    diagnosis = programme(chamber_a)
    award = programme(chamber_a, "imise", "imise_award")
    first = participate(diagnosis, business_a, advisor_a, date(2024, 5, 1))
    second = participate(award, business_a, advisor_a, date(2025, 1, 20), status="winner")
    sales = two_years(date(2023, 4, 1), 100, 100)
    sales |= {date(2025, 1, 1): D(120), date(2025, 2, 1): D(120), date(2025, 3, 1): D(120)}
    services.save_monthly_sales(business_a, sales, "report", actor=advisor_a)
    outcomes = {o.participation_id: o for o in SalesOutcome.objects.all()}
    # May–March: 11 months, 3 of them up 20 %: +5.5 %; January–March: +20 %.
    assert (outcomes[first.pk].change_percent, outcomes[first.pk].increased) == (D("5.5"), True)
    assert (outcomes[second.pk].change_percent, outcomes[second.pk].programme_id) == (
        D("20.0"), award.pk,
    )  # fmt: skip
    assert _stored(business_a) == _recomputed(business_a)


def test_recompute_matches_a_full_recompute_for_many_businesses(chamber_a, district_a, advisor_a):
    diagnosis = programme(chamber_a)
    businesses = [make_business(chamber_a, district_a, name=f"店{i}") for i in range(6)]
    for i, business in enumerate(businesses):
        participate(diagnosis, business, advisor_a, date(2024, 4 + i, 1))
        sales = two_years(date(2023, 4, 1), 1000, 1000 + 20 * i)
        if i == 5:
            sales.pop(date(2024, 12, 1))
        services.save_monthly_sales(business, sales, "voucher", actor=advisor_a)
    stored = {o.participation_id: o.result for o in SalesOutcome.objects.all()}
    SalesOutcome.objects.all().delete()
    services.recompute_sales_outcomes([b.pk for b in businesses])
    assert {o.participation_id: o.result for o in SalesOutcome.objects.all()} == stored
    assert sorted(stored.values()) == sorted(
        ["not_increased", "not_increased", "not_increased", "increased", "increased", "incomplete"]
    )


def test_negative_sales_write_nothing(chamber_a, business_a, advisor_a):
    with pytest.raises(DomainError) as exc:
        services.save_monthly_sales(
            business_a, {date(2024, 4, 1): D(10), date(2024, 5, 1): D(-5)}, "report",
            actor=advisor_a,
        )  # fmt: skip
    assert "2024年5月" in exc.value.message
    assert not MonthlySales.objects.exists()


def test_a_deal_dated_before_the_participation_is_refused(chamber_a, business_a, advisor_a):
    video = programme(chamber_a, "video", "video_production")
    p = participate(video, business_a, advisor_a, date(2024, 6, 1))
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        services.add_deal(
            Deal(counterparty="A社", closed_on=date(2024, 5, 31), amount=D(10)), p, actor=advisor_a
        )
    assert exc.value.code == "before_participation"
    with pytest.raises(DomainError):
        services.add_new_partner(
            NewTradingPartner(name="B社", started_on=date(2024, 1, 1)), p, actor=advisor_a
        )
    assert not Deal.objects.exists() and not NewTradingPartner.objects.exists()
    assert AuditEntry.objects.count() == entries
    deal = services.add_deal(
        Deal(counterparty="A社", closed_on=date(2024, 6, 1), amount=None), p, actor=advisor_a
    )
    assert (deal.fiscal_year, deal.programme_id, deal.business_id, deal.district_id) == (
        2024, video.pk, business_a.pk, business_a.district_id,
    )  # fmt: skip
    # Moving the participation after its deal is refused too.
    p.started_on = date(2024, 7, 1)
    with pytest.raises(DomainError):
        services.update_participation(p, actor=advisor_a)


def test_a_participation_outside_the_programme_years_is_refused(chamber_a, business_a, advisor_a):
    later = programme(chamber_a, first=2025)
    with pytest.raises(DomainError):
        participate(later, business_a, advisor_a, date(2025, 3, 31))
    assert participate(later, business_a, advisor_a, date(2025, 4, 1)).fiscal_year == 2025
