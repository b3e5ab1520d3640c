"""Monthly sales import: all lines or none, idempotent, the +5% outcome recomputed."""

from datetime import date

import pytest

from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file
from bansou.programmes.models import MonthlySales, SalesOutcome
from bansou.programmes.sales import add_months
from bansou.testing import csv_bytes

from .factories import participate, programme

pytestmark = pytest.mark.django_db

HEADER = ["法人番号", "年月", "月商", "出所"]


def run(path, chamber, actor):
    return import_file(get_import_kind("monthly_sales"), path, organization=chamber, actor=actor)


def _rows(business, first, count, amount_text):
    return [
        [business.corporate_number, f"{m.year}年{m.month}月", amount_text, "報告"]
        for m in (add_months(first, i) for i in range(count))
    ]


def test_import_writes_sales_and_recomputes_the_outcome(chamber_a, business_a, advisor_a, tmp_path):
    participate(programme(chamber_a), business_a, advisor_a, date(2024, 10, 1))
    rows = _rows(business_a, date(2023, 10, 1), 6, "1,000,000")
    rows += _rows(business_a, date(2024, 10, 1), 6, "１，０５０，０００円")
    path = tmp_path / "sales.csv"
    path.write_bytes(csv_bytes([HEADER, *rows], "cp932"))
    result, _job = run(path, chamber_a, advisor_a)
    assert result.error_count == 0, list(result.problems.first)
    assert MonthlySales.objects.filter(business=business_a).count() == 12
    outcome = SalesOutcome.objects.get(business=business_a)
    assert (outcome.result, str(outcome.change_percent)) == ("increased", "5.0")
    again, _ = run(path, chamber_a, advisor_a)
    assert again.counts == {"unchanged": 12}


def test_a_negative_or_unknown_month_writes_nothing(chamber_a, business_a, advisor_a, tmp_path):
    rows = _rows(business_a, date(2024, 4, 1), 3, "500,000")
    rows.append([business_a.corporate_number, "2024年7月", "▲5,000", "報告"])
    rows.append([business_a.corporate_number, "2024年13月", "5,000", "報告"])
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([HEADER, *rows]))
    result, _job = run(path, chamber_a, advisor_a)
    assert result.error_count == 2
    messages = " ".join(p.message for p in result.problems.first)
    assert "マイナス" in messages and "年月" in messages
    assert not MonthlySales.objects.exists()


def test_thousands_of_yen_are_flagged_for_review(chamber_a, business_a, advisor_a, tmp_path):
    rows = _rows(business_a, date(2024, 4, 1), 5, "1,000,000")
    rows.append([business_a.corporate_number, "2024年9月", "1,000", "報告"])
    path = tmp_path / "odd.csv"
    path.write_bytes(csv_bytes([HEADER, *rows]))
    result, _job = run(path, chamber_a, advisor_a)
    assert result.review_count == 1
    assert "千円" in " ".join(p.message for p in result.problems.first_reviews)
    assert not MonthlySales.objects.exists()  # a review stops the import until accepted
