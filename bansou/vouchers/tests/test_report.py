"""The store report and the store list: GROUP BY in the database, a constant query count."""

import itertools
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bansou.testing import login, make_business
from bansou.vouchers.models import AgeBand, Gender, VoucherUsage
from bansou.vouchers.report import store_report

from .factories import member

pytestmark = pytest.mark.django_db


SERIAL = itertools.count(1)


def _use(business, day, amount, gender="f", age=30, area="青木", occupation="会社員"):
    n = [next(SERIAL)]
    return VoucherUsage(
        organization_id=business.organization_id, business=business, used_on=day,
        month=day.replace(day=1), amount=amount, gender=gender, age_band=age, area=area,
        occupation=occupation, key=f"T:test{n[0]}",
    )  # fmt: skip


@pytest.fixture
def store(business_a, advisor_a):
    member(business_a, advisor_a)
    VoucherUsage.objects.bulk_create(
        [
            _use(business_a, date(2024, 4, 3), 1000),
            _use(business_a, date(2024, 4, 9), 2000, gender="m", age=70, area="芝"),
            _use(business_a, date(2024, 6, 1), 500, age=20, occupation=""),
            _use(business_a, date(2025, 3, 31), 3000, gender="u", age=0, area=""),
            _use(business_a, date(2025, 4, 1), 9999),  # FY2025: not in the FY2024 report
        ]
    )
    return business_a


def test_report_counts_by_month_and_category(store):
    report = store_report(store, 2024)
    assert report.total_uses == 4 and report.total_amount == 6500
    assert report.uses[:3] == [2, 0, 1] and report.uses[11] == 1
    assert report.amounts[0] == 3000
    gender = {line.label: line for line in report.breakdowns[0].lines}
    assert (gender["女性"].total_uses, gender["女性"].uses[0], gender["女性"].share) == (2, 1, 50.0)
    assert gender["男性"].total_amount == 2000 and gender["無回答"].uses[11] == 1
    ages = [line.label for line in report.breakdowns[1].lines]
    assert ages == ["20代", "30代", "70代以上", "年代不明"]
    areas = {line.label: line.total_uses for line in report.breakdowns[2].lines}
    assert areas == {"青木": 2, "芝": 1, "記載なし": 1}
    assert Gender.FEMALE == "f" and AgeBand.UNKNOWN == 0


def test_report_page_and_pdf(store, advisor_a, django_assert_max_num_queries):
    client = login(advisor_a)
    url = reverse("vouchers:store", kwargs={"pk": store.pk}) + "?fy=2024"
    with django_assert_max_num_queries(16):
        page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "性別" in text and "70代以上" in text and "令和6年度" in text
    pdf = client.get(reverse("vouchers:store_pdf", kwargs={"pk": store.pk}) + "?fy=2024")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_report_queries_do_not_grow_with_the_uses(store, advisor_a, django_assert_num_queries):
    client = login(advisor_a)
    url = reverse("vouchers:store", kwargs={"pk": store.pk}) + "?fy=2024"
    client.get(url)
    before = _queries(client, url)
    VoucherUsage.objects.bulk_create(
        _use(store, date(2024, 5, 1 + i % 28), 100 + i, area=f"地区{i % 20}") for i in range(300)
    )
    with django_assert_num_queries(before):
        client.get(url)


def test_store_list_with_totals(store, advisor_a, chamber_a, district_a, django_assert_num_queries):
    other = make_business(chamber_a, district_a, name="第二商店", name_kana="ダイニ")
    member(other, advisor_a)
    client = login(advisor_a)
    url = reverse("vouchers:stores") + "?fy=2024"
    page = client.get(url)
    assert page.status_code == 200
    stores = list(page.context["page"])
    assert [(s.pk, s.uses, s.amount) for s in stores] == [(store.pk, 4, 6500), (other.pk, 0, 0)]
    assert page.context["totals"]["uses"] == 4
    before = _queries(client, url)
    for i in range(5):
        extra = make_business(chamber_a, district_a, name=f"追加商店{i}", name_kana=f"ツイカ{i}")
        member(extra, advisor_a)
        VoucherUsage.objects.bulk_create([_use(extra, date(2024, 7, 1), 1000)])
    with django_assert_num_queries(before):
        client.get(url)


def test_another_chambers_store_is_404(store, advisor_b):
    client = login(advisor_b)
    assert client.get(reverse("vouchers:store", kwargs={"pk": store.pk})).status_code == 404
    assert client.get(reverse("vouchers:store_pdf", kwargs={"pk": store.pk})).status_code == 404
    page = client.get(reverse("vouchers:stores") + "?fy=2024")
    assert page.status_code == 200 and list(page.context["page"]) == []
