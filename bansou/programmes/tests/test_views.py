"""Programme screens: constant queries with 2,000 participants; the sales sheet's bad input."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from bansou.businesses.models import Business
from bansou.programmes.models import Deal, MonthlySales, Participation, SalesOutcome
from bansou.programmes.sales import add_months
from bansou.testing import login

from .factories import participate, programme, two_years

pytestmark = pytest.mark.django_db


def _members(programme, district, staff, count):
    org = programme.organization
    businesses = Business.objects.bulk_create(
        Business(organization=org, name=f"加盟店{i:04d}", name_kana=f"カメイテン{i:04d}",
                 district=district)
        for i in range(count)
    )  # fmt: skip
    Participation.objects.bulk_create(
        Participation(organization=org, programme=programme, business=b, staff=staff,
                      district=district, started_on=date(2023, 4, 1), fiscal_year=2023,
                      status="member")
        for b in businesses
    )  # fmt: skip
    return businesses


def test_programme_pages_run_the_same_queries_for_20_and_2000_members(
    chamber_a, district_a, advisor_a, django_assert_max_num_queries
):
    voucher = programme(chamber_a, "voucher", "voucher")
    client = login(advisor_a)
    urls = [
        reverse("programmes:list") + "?fy=2023",
        reverse("programmes:detail", args=[voucher.pk]) + "?fy=2023",
        reverse("programmes:detail", args=[voucher.pk]) + "?fy=2023&status=member&page=2",
    ]
    _members(voucher, district_a, advisor_a, 60)
    counts = []
    for url in urls:
        from bansou.testing import count_queries

        counts.append(count_queries(lambda url=url: client.get(url)))
    _members(voucher, district_a, advisor_a, 1940)
    for url, before in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(before):
            response = client.get(url)
        assert response.status_code == 200
    response = client.get(urls[1])
    assert response.context["total"] == 2000
    assert "2,000" in response.content.decode()


def test_the_sales_sheet_accepts_commas_full_width_and_refuses_negatives(
    chamber_a, business_a, advisor_a
):
    diagnosis = programme(chamber_a)
    participate(diagnosis, business_a, advisor_a, date(2024, 10, 1))
    client = login(advisor_a)
    url = reverse("programmes:sales", args=[business_a.pk]) + "?until=2025-03"
    page = client.get(url)
    assert page.status_code == 200
    data = {"source": "report"}
    for i in range(24):
        month = add_months(date(2023, 4, 1), i)
        data[f"m{month:%Y%m}"] = "1,000,000" if i < 12 else "１，０６０，０００"
    bad = dict(data, m202411="▲5,000")
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "マイナス" in response.content.decode() or "負" in response.content.decode()
    assert not MonthlySales.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    assert MonthlySales.objects.filter(business=business_a).count() == 24
    outcome = SalesOutcome.objects.get(business=business_a)
    assert (outcome.result, outcome.change_percent) == ("increased", D("6.0"))
    page = client.get(reverse("programmes:participation", args=[outcome.participation_id]))
    assert "+6.0%" in page.content.decode()


def test_thousands_of_yen_among_yen_need_a_confirmation(chamber_a, business_a, advisor_a):
    from bansou.programmes import services

    services.save_monthly_sales(
        business_a, two_years(date(2023, 4, 1), 1_000_000, 1_000_000, 12), "report",
        actor=advisor_a,
    )  # fmt: skip
    client = login(advisor_a)
    url = reverse("programmes:sales", args=[business_a.pk]) + "?until=2025-03"
    data = {"source": "report"}
    for i in range(24):
        month = add_months(date(2023, 4, 1), i)
        data[f"m{month:%Y%m}"] = "1,000,000" if i < 12 else "1,050,000"
    data["m202408"] = "1,050"  # typed in 千円
    response = client.post(url, data)
    assert response.status_code == 200
    assert "2024年8月" in response.content.decode() and "千円" in response.content.decode()
    assert MonthlySales.objects.filter(business=business_a).count() == 12  # nothing written
    response = client.post(url, dict(data, confirm_unusual="on"))
    assert response.status_code == 302
    assert MonthlySales.objects.get(business=business_a, month=date(2024, 8, 1)).amount == 1050


def test_a_deal_before_the_participation_is_refused_on_the_form(chamber_a, business_a, advisor_a):
    video = programme(chamber_a, "video", "video_production")
    p = participate(video, business_a, advisor_a, date(2024, 6, 1))
    client = login(advisor_a)
    url = reverse("programmes:deal_add", args=[p.pk])
    response = client.post(
        url, {"counterparty": "A社", "closed_on": "令和6年5月31日", "amount": "１，２００，０００"}
    )
    assert response.status_code == 200
    assert "開始" in response.content.decode() or "前" in response.content.decode()
    assert not Deal.objects.exists()
    response = client.post(
        url, {"counterparty": "A社", "closed_on": "令和6年6月3日", "amount": "１，２００，０００"}
    )
    assert response.status_code == 302
    assert Deal.objects.get().amount == 1_200_000
    page = client.get(reverse("businesses:detail", args=[business_a.pk]))
    assert "A社" in page.content.decode()  # on the business's timeline


def test_outcomes_show_in_the_follow_up_report_form(chamber_a, business_a, advisor_a):
    from bansou.business_plans.tests.factories import make_analysis, make_completed_plan
    from bansou.programmes import services

    analysis = make_analysis(business_a, advisor_a, analysed_on=date(2024, 5, 10))
    plan = make_completed_plan(
        business_a, advisor_a, analysis=analysis, completed_on=date(2024, 9, 30)
    )
    diagnosis = programme(chamber_a)
    p = participate(diagnosis, business_a, advisor_a, date(2024, 10, 1))
    services.save_monthly_sales(
        business_a, two_years(date(2023, 4, 1), 100, 110), "report", actor=advisor_a
    )
    services.add_deal(Deal(counterparty="C社", closed_on=date(2024, 11, 1), amount=D(500_000)),
                      p, actor=advisor_a)  # fmt: skip
    page = login(advisor_a).get(reverse("followups:report_create", args=[plan.pk]))
    html = page.content.decode()
    assert "支援事業と成果" in html and "+10.0%" in html and "500,000" in html


def test_a_plan_keeper_sets_up_a_programme_linked_to_an_exhibition(
    chamber_a, lead_advisor_a, advisor_a
):
    from bansou.events.models import Event
    from bansou.programmes.models import Programme

    fair = Event.objects.create(
        organization=chamber_a,
        name="川口市市産品フェア",
        kind="exhibition",
        held_on=date(2024, 10, 18),
    )
    data = {
        "code": "products-fair", "name": "川口市市産品フェア出展支援", "kind": "exhibition",
        "first_fiscal_year": "2024", "events": [fair.pk], "description": "",
    }  # fmt: skip
    assert login(advisor_a).post(reverse("programmes:create"), data).status_code == 403
    client = login(lead_advisor_a)
    response = client.post(reverse("programmes:create"), data)
    assert response.status_code == 302
    programme = Programme.objects.get(organization=chamber_a, code="products-fair")
    assert list(programme.events.all()) == [fair]
    page = client.get(reverse("programmes:detail", args=[programme.pk]) + "?fy=2024")
    assert "川口市市産品フェア" in page.content.decode()
    again = client.post(reverse("programmes:create"), data)
    assert again.status_code == 200 and "既に登録" in again.content.decode()
    assert Programme.objects.filter(code="products-fair").count() == 1
