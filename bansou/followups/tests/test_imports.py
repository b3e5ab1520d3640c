"""Importing past follow-up reports and contacts: templates, plan state, round trip, errors."""

from datetime import date

import pytest

from bansou.business_plans.models import BusinessPlan
from bansou.dataio.tests.history import exported, problems, run, template
from bansou.followups.models import FollowUpContact, FollowUpReport
from bansou.testing import make_business

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(chamber_a, district_a, advisor_a, tmp_path):
    """The plans template's approved plan of 株式会社青葉鋳工所 (completed 2023-09-29)."""
    make_business(chamber_a, district_a)
    result, _job = run("business_plans", template("business_plans", tmp_path), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    return BusinessPlan.objects.get()


def test_the_templates_import_and_reschedule_the_plan(chamber_a, advisor_a, plan, tmp_path):
    for code in ("followup_reports", "followup_contacts"):
        result, _job = run(code, template(code, tmp_path), chamber_a, advisor_a)
        assert result.error_count == 0, problems(result)
    report = FollowUpReport.objects.get()
    # Profit 1,900 below the baseline 3,000 and support wanted: group 1, contact monthly.
    assert report.plan == plan and report.group == 1 and report.profit_trend == "down"
    assert report.next_contact_due == date(2024, 6, 20) and report.targets_met is False
    assert FollowUpContact.objects.get().channel == "visit"
    plan.refresh_from_db()
    assert plan.follow_up_group == 1 and plan.last_reported_on == date(2024, 5, 20)
    assert plan.next_report_due == date(2024, 11, 20)
    assert plan.follow_up_due == date(2024, 7, 20)  # a month after the contact of 06-20


@pytest.mark.parametrize(
    ("code", "model"),
    [("followup_reports", FollowUpReport), ("followup_contacts", FollowUpContact)],
)
def test_export_imports_back_unchanged(
    code, model, chamber_a, advisor_a, plan, write_file, tmp_path
):
    run(code, template(code, tmp_path), chamber_a, advisor_a)
    before = list(model.objects.values().order_by("pk"))
    plans = list(BusinessPlan.objects.values().order_by("pk"))
    result, job = run(code, exported(code, chamber_a, write_file), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    assert result.counts == {"unchanged": 1} and job is not None
    assert list(model.objects.values().order_by("pk")) == before
    assert list(BusinessPlan.objects.values().order_by("pk")) == plans


def test_a_broken_file_names_row_and_column(chamber_a, advisor_a, plan, write_file):
    rows = [
        ["事業者名", "計画名", "報告日", "支援希望", "対象年度"],
        ["株式会社青葉鋳工所", "別の計画", "2024/5/20", "はい", ""],
        ["株式会社青葉鋳工所", "", "2023/5/20", "はい", ""],
        ["株式会社青葉鋳工所", "", "2024/5/21", "たぶん", ""],
        ["株式会社青葉鋳工所", "", "2024/5/22", "いいえ", "令和5年度"],
    ]
    result, job = run("followup_reports", write_file(rows), chamber_a, advisor_a)
    assert job is None and not FollowUpReport.objects.exists()
    found = {(row, column) for row, column, _m in problems(result)}
    assert found == {(2, "計画名 (B)"), (3, "報告日 (C)"), (4, "支援希望 (D)"), (5, "対象年度 (E)")}


def test_a_plan_is_found_by_an_id_however_large(chamber_a, advisor_a, plan, write_file):
    """A busy chamber's plan ids pass 32,767; the 計画ID column must still name them."""
    targets = list(plan.year_targets.values_list("pk", flat=True))
    BusinessPlan.objects.filter(pk=plan.pk).update(id=70_000)
    plan.year_targets.model.objects.filter(pk__in=targets).update(plan_id=70_000)
    rows = [
        ["事業者名", "計画ID", "実施日", "担当者"],
        ["株式会社青葉鋳工所", "70000", "2024/5/20", ""],
    ]
    result, _job = run("followup_contacts", write_file(rows), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    assert FollowUpContact.objects.get().plan_id == 70_000
