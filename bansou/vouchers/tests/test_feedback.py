"""Hand-overs of the usage report: recorded from the store page, counted by plan §2 ②."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from bansou.core.errors import DomainError
from bansou.evaluation.engine import evaluate, get_plan
from bansou.testing import login, make_business
from bansou.vouchers import services
from bansou.vouchers.models import VoucherFeedback

from .factories import member

pytestmark = pytest.mark.django_db


def test_a_writer_records_and_removes_a_hand_over(business_a, advisor_a):
    member(business_a, advisor_a)
    client = login(advisor_a)
    url = reverse("vouchers:feedback_add", kwargs={"pk": business_a.pk}) + "?fy=2024"
    response = client.post(url, {"handed_on": "2024-10-15", "note": "30代女性向けの提案"})
    assert response.status_code == 302
    feedback = VoucherFeedback.objects.get(business=business_a)
    assert (feedback.fiscal_year, feedback.staff, feedback.first_month, feedback.last_month) == (
        2024, advisor_a, date(2024, 4, 1), date(2024, 10, 1),
    )  # fmt: skip
    delete = reverse("vouchers:feedback_delete", kwargs={"pk": feedback.pk})
    assert client.post(delete).status_code == 302
    assert not VoucherFeedback.objects.exists()


def test_a_hand_over_needs_a_member_store_and_a_day_after_the_months(
    business_a, advisor_a, chamber_a, district_a
):
    outsider = make_business(chamber_a, district_a, name="非加盟", name_kana="ヒカメイ")
    with pytest.raises(DomainError):
        services.record_feedback(
            VoucherFeedback(business=outsider, handed_on=date(2024, 9, 1),
                            first_month=date(2024, 4, 1), last_month=date(2024, 8, 1)),
            actor=advisor_a,
        )  # fmt: skip
    member(business_a, advisor_a)
    client = login(advisor_a)
    url = reverse("vouchers:feedback_add", kwargs={"pk": business_a.pk}) + "?fy=2024"
    response = client.post(url, {"handed_on": "2024-03-01"}, follow=True)
    assert "前の日付" in response.content.decode()
    assert not VoucherFeedback.objects.exists()


def test_section_2_row_2_counts_stores_handed_over_in_the_year(
    kawaguchi_plan, chamber_a, business_a, advisor_a, district_a
):
    second = make_business(chamber_a, district_a, name="第二商店", name_kana="ダイニ")
    voucher = member(business_a, advisor_a)
    member(second, advisor_a, voucher=voucher)
    for business, day in ((business_a, date(2024, 6, 1)), (business_a, date(2024, 12, 1)),
                          (second, date(2024, 9, 1)), (second, date(2025, 4, 2))):  # fmt: skip
        services.record_feedback(
            VoucherFeedback(business=business, handed_on=day, first_month=date(2024, 4, 1),
                            last_month=day.replace(day=1)),
            actor=advisor_a,
        )  # fmt: skip
    with translation.override("ja"):
        row = evaluate(get_plan(chamber_a, 2024), 2024).row("voucher-survey")
    assert (row.actual, row.source) == (D(2), "rule")
