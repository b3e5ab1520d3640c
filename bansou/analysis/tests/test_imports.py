"""Importing past analyses (statements first, then the analysis): template, round trip, errors."""

import pytest

from bansou.analysis.models import BusinessAnalysis, FinancialStatement
from bansou.dataio.tests.history import exported, problems, run, template
from bansou.testing import make_business

pytestmark = pytest.mark.django_db

CODE = "analyses"
STATEMENTS = [
    ["事業者名", "分析日", "決算期", "売上高", "経常利益"],
    ["株式会社青葉鋳工所", "令和6年7月8日", "2024/3/31", "58000", "2100"],
]


@pytest.fixture
def aoba(chamber_a, district_a):
    return make_business(chamber_a, district_a)


def test_the_template_completes_the_analysis_its_statements_created(
    chamber_a, advisor_a, aoba, write_file, tmp_path
):
    result, _job = run("financial_statements", write_file(STATEMENTS), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    result, _job = run(CODE, template(CODE, tmp_path), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    assert result.counts == {"update": 1}
    analysis = BusinessAnalysis.objects.get()
    assert analysis.is_completed and analysis.completed_on.isoformat() == "2024-07-22"
    assert analysis.strengths == "鋳造の短納期対応" and analysis.it_level == 2
    assert analysis.lock_version == 2  # the history import's update is a new version
    assert FinancialStatement.objects.get().analysis == analysis


def test_a_completed_analysis_without_figures_is_refused(chamber_a, advisor_a, aoba, tmp_path):
    result, job = run(CODE, template(CODE, tmp_path), chamber_a, advisor_a)
    assert job is None and not BusinessAnalysis.objects.exists()
    [(row, column, message)] = problems(result)
    assert row == 2 and column.endswith("(H)") and "決算書" in message


def test_export_imports_back_unchanged(chamber_a, advisor_a, aoba, write_file, tmp_path):
    run("financial_statements", write_file(STATEMENTS), chamber_a, advisor_a)
    run(CODE, template(CODE, tmp_path), chamber_a, advisor_a)
    draft = [["事業者名", "分析日", "経営課題"], [aoba.name, "R5.5.1", "後継者不在"]]
    run(CODE, write_file(draft, name="draft.csv"), chamber_a, advisor_a)
    before = list(BusinessAnalysis.objects.values().order_by("pk"))
    result, job = run(CODE, exported(CODE, chamber_a, write_file), chamber_a, advisor_a)
    assert result.error_count == 0, problems(result)
    assert result.counts == {"unchanged": 2} and job is not None
    assert list(BusinessAnalysis.objects.values().order_by("pk")) == before


def test_a_completed_analysis_is_never_changed(chamber_a, advisor_a, aoba, write_file, tmp_path):
    run("financial_statements", write_file(STATEMENTS), chamber_a, advisor_a)
    run(CODE, template(CODE, tmp_path), chamber_a, advisor_a)
    changed = [["事業者名", "分析日", "状態", "完了日", "強み"]]
    changed.append([aoba.name, "令和6年7月8日", "完了", "令和6年7月22日", "書き換え"])
    result, job = run(CODE, write_file(changed, name="changed.csv"), chamber_a, advisor_a)
    assert job is None
    assert [c[-3:] for _r, c, _m in problems(result)] == ["(C)"]
    assert BusinessAnalysis.objects.get().strengths == "鋳造の短納期対応"
