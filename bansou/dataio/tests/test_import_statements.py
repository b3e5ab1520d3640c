"""Importing financial statements into analyses: a draft is created once, periods update."""

from datetime import date

import pytest
from django.utils import timezone

from bansou.analysis.models import AnalysisStatus, BusinessAnalysis, FinancialStatement
from bansou.audit.models import AuditEntry
from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file

pytestmark = pytest.mark.django_db

HEADER = ["法人番号", "決算期", "売上高（千円）", "経常利益（千円）", "従業員数"]


def run(path, chamber, actor=None, **options):
    kind = get_import_kind("financial_statements")
    return import_file(kind, path, organization=chamber, actor=actor, **options)


def periods(business):
    return [
        (s.period_end, s.sales, s.ordinary_profit)
        for s in FinancialStatement.objects.filter(analysis__business=business).order_by(
            "period_end"
        )
    ]


def test_periods_go_into_one_new_draft_analysis(chamber_a, business_a, advisor_a, write_file):
    cn = business_a.corporate_number
    path = write_file(
        [
            HEADER,
            [cn, "R4.3.31", "48,000", "▲1,200", "8"],
            [cn, "R5.3.31", "51,000", "△300", "8"],
            [cn, "2024/3/31", "52,500", "1,100", "9"],
        ],
        encoding="cp932",
    )
    result, _ = run(path, chamber_a, advisor_a)
    assert result.error_count == 0, list(result.problems.first)
    analysis = BusinessAnalysis.objects.get(business=business_a)
    assert analysis.status == AnalysisStatus.DRAFT and analysis.staff == advisor_a
    assert analysis.analysed_on == timezone.localdate()
    assert analysis.district == business_a.district and analysis.in_territory
    assert periods(business_a) == [
        (date(2022, 3, 31), 48000, -1200),
        (date(2023, 3, 31), 51000, -300),
        (date(2024, 3, 31), 52500, 1100),
    ]
    assert AuditEntry.objects.filter(
        action="analysis.analysis.updated", target_id=analysis.pk
    ).exists()


def test_reimport_is_idempotent_and_changes_update_the_period(
    chamber_a, business_a, advisor_a, write_file
):
    cn = business_a.corporate_number
    run(write_file([HEADER, [cn, "R5.3.31", "51,000", "300", ""]]), chamber_a, advisor_a)
    result, _ = run(
        write_file([HEADER, [cn, "R5.3.31", "51,000", "300", ""]], name="again.csv"),
        chamber_a,
        advisor_a,
    )
    assert result.counts == {"unchanged": 1}
    result, _ = run(
        write_file([HEADER, [cn, "R5.3.31", "53,000", "", ""]], name="fix.csv"),
        chamber_a,
        advisor_a,
    )
    assert result.counts == {"update": 1}
    assert periods(business_a) == [(date(2023, 3, 31), 53000, 300)]  # the empty cell kept 300
    assert BusinessAnalysis.objects.count() == 1
    # The periods are part of the analysis's form: the analysis is a new version.
    assert BusinessAnalysis.objects.get().lock_version == 2


def test_a_fourth_period_and_a_completed_analysis_are_refused(
    chamber_a, business_a, advisor_a, write_file
):
    cn = business_a.corporate_number
    rows = [[cn, f"{year}/3/31", "1", "1", ""] for year in (2021, 2022, 2023, 2024)]
    result, _ = run(write_file([HEADER, *rows]), chamber_a, advisor_a)
    assert [p.row for p in result.problems.first] == [5]
    assert not FinancialStatement.objects.exists()

    run(write_file([HEADER, *rows[:1]], name="one.csv"), chamber_a, advisor_a)
    BusinessAnalysis.objects.update(status=AnalysisStatus.COMPLETED)
    header = ["法人番号", "分析日", "決算期", "売上高"]
    analysed_on = BusinessAnalysis.objects.get().analysed_on.isoformat().replace("-", "/")
    result, _ = run(
        write_file([header, [cn, analysed_on, "2021/3/31", "999"]], name="late.csv"),
        chamber_a,
        advisor_a,
    )
    assert [(p.row, p.column) for p in result.problems.first] == [(2, "分析日 (B)")]
    assert FinancialStatement.objects.get().sales == 1
