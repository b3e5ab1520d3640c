"""Evaluation results through the API are the evaluation engine's, row for row."""

import pytest

from bansou.evaluation import services
from bansou.evaluation.engine.engine import evaluate
from bansou.evaluation.tests.access import PLAN_FILE


@pytest.fixture
def plan_a(chamber_a):
    return services.import_definition(chamber_a, PLAN_FILE.read_text(encoding="utf-8"))


def number(value):
    return None if value is None else float(value)


def test_rows_are_the_engines(api_as, committee_a, plan_a, data_a):
    body = api_as(committee_a).get(f"/api/evaluation/plans/{plan_a.pk}/results/2024").json()
    result = evaluate(plan_a, 2024)
    expected = [
        (row.key, number(row.actual), number(row.target), number(row.rate_percent), row.grade)
        for section in result.sections
        for row in section.all_rows()
    ]
    got = [
        (row["key"], row["actual"], row["target"], row["rate_percent"], row["grade"])
        for row in body["rows"]
    ]
    assert got == expected
    assert len(got) > 10
    assert any(actual for _key, actual, *_rest in got), "the records of data_a count somewhere"
    assert [(s["number"], s["grade"]) for s in body["sections"]] == [
        (s.number, s.grade) for s in result.sections
    ]
    assert body["fiscal_year_label"] == "令和6年度"


def test_the_plans_list(api_as, committee_a, expert_a, advisor_b, plan_a):
    assert api_as(expert_a).get("/api/evaluation/plans").status_code == 403
    plans = api_as(committee_a).get("/api/evaluation/plans").json()
    assert [(p["id"], p["fiscal_years"]) for p in plans] == [(plan_a.pk, plan_a.fiscal_years())]
    assert api_as(advisor_b).get("/api/evaluation/plans").json() == []


def test_a_year_outside_the_plan_is_404_with_the_reason(api_as, advisor_a, plan_a):
    response = api_as(advisor_a).get(f"/api/evaluation/plans/{plan_a.pk}/results/2030")
    assert response.status_code == 404
    assert "計画期間" in response.json()["detail"]
