"""Services: create, update with periods, complete; the audit entries; visibility."""

from datetime import date

import pytest

from bansou.analysis import services
from bansou.analysis.models import AnalysisStatus, BusinessAnalysis, FinancialStatement
from bansou.audit.models import AuditEntry
from bansou.businesses.models import BusinessAssignment
from bansou.core.errors import DomainError
from bansou.testing import make_business

from .factories import PERIOD_2023, PERIOD_2024, make_analysis

pytestmark = pytest.mark.django_db


def statement(**figures) -> FinancialStatement:
    return FinancialStatement(**figures)


def test_create_captures_the_business_facts_and_the_fiscal_year(
    business_a, advisor_a, district_outside_a
):
    business_a.district = district_outside_a
    business_a.save()
    analysis = BusinessAnalysis(business=business_a, staff=advisor_a, analysed_on=date(2025, 3, 31))
    services.create_analysis(
        analysis, actor=advisor_a, statements=[statement(**PERIOD_2024), statement(**PERIOD_2023)]
    )
    analysis.refresh_from_db()
    assert analysis.organization == business_a.organization
    assert analysis.district == district_outside_a
    assert analysis.in_territory is False
    assert analysis.is_small is True
    assert analysis.fiscal_year == 2024  # 31 March 2025 is the last day of FY2024
    assert analysis.status == AnalysisStatus.DRAFT
    assert analysis.statements.count() == 2
    assert all(s.organization_id == analysis.organization_id for s in analysis.statements.all())
    entry = AuditEntry.objects.for_object(analysis).get()
    assert entry.action == "analysis.analysis.created"
    assert entry.actor == advisor_a
    assert entry.changes["statement:2024-03-31:sales"]["new"] == 60_000
    assert "令和6年3月期" in entry.changes["statement:2024-03-31:sales"]["label"]


def test_a_later_change_of_the_business_does_not_change_the_analysis(business_a, advisor_a):
    analysis = make_analysis(business_a, advisor_a)
    business_a.employees = 50
    business_a.save()
    analysis.refresh_from_db()
    assert analysis.is_small is True


def test_update_records_changed_figures_and_deleted_periods(analysis_a, advisor_a):
    first, second = analysis_a.statements.order_by("period_end")
    second.sales = 65_000
    analysis_a.threats = "人手不足"
    services.update_analysis(analysis_a, actor=advisor_a, statements=[second], deleted=[first])
    assert list(analysis_a.statements.values_list("sales", flat=True)) == [65_000]
    entry = AuditEntry.objects.for_object(analysis_a).get(action="analysis.analysis.updated")
    assert entry.changes["statement:2024-03-31:sales"] == {
        "label": "令和6年3月期 売上高（千円）",
        "old": 60_000,
        "new": 65_000,
    }
    assert entry.changes["statement:2023-03-31:sales"]["new"] is None
    assert entry.changes["threats"]["new"] == "人手不足"


def test_an_update_without_changes_writes_no_audit_entry(analysis_a, advisor_a):
    services.update_analysis(analysis_a, actor=advisor_a)
    assert not AuditEntry.objects.for_object(analysis_a).exists()


def test_a_fourth_period_is_refused_and_nothing_is_written(analysis_a, advisor_a):
    extra = [
        statement(period_end=date(2022, 3, 31), sales=1),
        statement(period_end=date(2021, 3, 31), sales=1),
    ]
    analysis_a.weaknesses = "変更されないはず"
    with pytest.raises(DomainError) as refused:
        services.update_analysis(analysis_a, actor=advisor_a, statements=extra)
    assert refused.value.code == "too_many_periods"
    assert "3期まで" in refused.value.message
    assert analysis_a.statements.count() == 2
    assert BusinessAnalysis.objects.get(pk=analysis_a.pk).weaknesses == "営業人員の不足"
    assert not AuditEntry.objects.changes().exists()


def test_creating_with_four_periods_writes_nothing(business_a, advisor_a):
    ends = [date(year, 3, 31) for year in (2021, 2022, 2023, 2024)]
    analysis = BusinessAnalysis(business=business_a, staff=advisor_a, analysed_on=date(2024, 6, 1))
    with pytest.raises(DomainError, match="3期まで"):
        services.create_analysis(
            analysis, actor=advisor_a, statements=[statement(period_end=end) for end in ends]
        )
    assert analysis.pk is None
    assert not BusinessAnalysis.objects.exists()
    assert not AuditEntry.objects.changes().exists()


def test_a_repeated_period_end_is_refused(analysis_a, advisor_a):
    with pytest.raises(DomainError) as refused:
        services.update_analysis(
            analysis_a, actor=advisor_a, statements=[statement(period_end=date(2024, 3, 31))]
        )
    assert refused.value.code == "duplicate_period"
    assert "令和6年3月31日" in refused.value.message


def test_two_periods_may_swap_their_period_ends(analysis_a, advisor_a):
    first, second = analysis_a.statements.order_by("period_end")
    first.period_end, second.period_end = second.period_end, first.period_end
    services.update_analysis(analysis_a, actor=advisor_a, statements=[first, second])
    sales = list(analysis_a.statements.order_by("period_end").values_list("sales", flat=True))
    assert sales == [60_000, 50_000]


def test_complete(analysis_a, advisor_a):
    services.complete_analysis(analysis_a, actor=advisor_a, on=date(2024, 7, 1))
    analysis_a.refresh_from_db()
    assert analysis_a.status == AnalysisStatus.COMPLETED
    assert analysis_a.completed_on == date(2024, 7, 1)
    entry = AuditEntry.objects.for_object(analysis_a).get()
    assert entry.action == "analysis.analysis.completed"
    assert entry.changes["status"]["new"] == "完了"
    with pytest.raises(DomainError, match="すでに完了"):
        services.complete_analysis(analysis_a, actor=advisor_a)


def test_complete_needs_a_period(business_a, advisor_a):
    analysis = make_analysis(business_a, advisor_a, periods=())
    with pytest.raises(DomainError) as refused:
        services.complete_analysis(analysis, actor=advisor_a)
    assert refused.value.code == "no_statements"
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DRAFT


def test_visibility(analysis_a, advisor_a, committee_a, expert_a, admin_a, advisor_b, chamber_a):
    other = make_analysis(make_business(chamber_a, name="別の事業者", name_kana="ベツ"), advisor_a)
    visible = BusinessAnalysis.objects.for_user
    assert set(visible(advisor_a)) == {analysis_a, other}
    assert set(visible(admin_a)) == {analysis_a, other}
    assert not visible(committee_a).exists()
    assert not visible(advisor_b).exists()
    assert not visible(expert_a).exists()
    BusinessAssignment.objects.create(
        organization=chamber_a, business=analysis_a.business, expert=expert_a
    )
    assert list(visible(expert_a)) == [analysis_a]
