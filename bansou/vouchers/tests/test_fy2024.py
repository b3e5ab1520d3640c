"""The FY2024 committee table with the voucher demo loaded: 電子商品券での対象事業者数 stays
実施なし (no hand-over in FY2024), and the programme rows are unchanged by the voucher sales."""

from datetime import date

import pytest
from django.utils import translation

from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.engine import evaluate, get_plan
from bansou.programmes.models import MonthlySales, SalesOutcome
from bansou.programmes.tests.test_fy2024 import FY2024
from bansou.vouchers.demo import load_voucher_demo
from bansou.vouchers.models import VoucherFeedback, VoucherUsage

pytestmark = pytest.mark.django_db


def test_fy2024_reproduces_with_the_voucher_demo(demo_chamber):
    load_kawaguchi_demo(demo_chamber)
    load_voucher_demo(demo_chamber, today=date(2026, 12, 7))
    with translation.override("ja"):
        result = evaluate(get_plan(demo_chamber, 2024), 2024)
    row = result.row("voucher-survey")
    assert (row.actual, row.status, row.reason, row.source) == (
        None, "not_carried_out", "R6実施なし", "rule",
    )  # fmt: skip
    assert {k: (result.row(k).actual, result.row(k).status) for k in FY2024} == FY2024
    # The demo: usage from FY2024, hand-overs from FY2025, the voucher sales fed.
    assert VoucherUsage.objects.filter(used_on__lt=date(2024, 4, 1)).count() == 0
    assert 20_000 < VoucherUsage.objects.count() < 60_000
    assert set(VoucherFeedback.objects.values_list("fiscal_year", flat=True)) == {2025, 2026}
    assert MonthlySales.objects.filter(source="voucher").exists()
    fy2025 = SalesOutcome.objects.filter(programme__kind="voucher", fiscal_year=2025)
    assert fy2025.filter(increased=True).exists() and fy2025.filter(increased=False).exists()
