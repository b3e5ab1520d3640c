"""The lead advisor's dashboard: the engine's figures as charts, each with its table."""

from datetime import date

import pytest
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import translation

from bansou.accounts.models import User
from bansou.dashboard import figures
from bansou.dashboard.figures import from_counts
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.engine import evaluate, get_plan, monthly_progress
from bansou.evaluation.tests.conftest import build_demo_chamber
from bansou.followups.models import FollowUpReport
from bansou.motivation.models import MotivationCheck
from bansou.support.models import SupportRecord
from bansou.testing import login

pytestmark = pytest.mark.django_db

YEAR_END = date(2025, 3, 31)
MID_YEAR = date(2024, 10, 31)


@pytest.fixture
def kawaguchi():
    """The demo chamber with the committee's FY2024 records (evaluation.demo)."""
    organization = build_demo_chamber(businesses=4000)
    load_kawaguchi_demo(organization)
    return organization


def _as_number(value):
    return None if value is None else float(value)


def test_dashboard_figures_equal_the_engine_for_fy2024(kawaguchi, django_assert_max_num_queries):
    plan = get_plan(kawaguchi, 2024)
    with translation.override("ja"):
        for as_of in (YEAR_END, MID_YEAR, date(2024, 10, 15)):
            payload = from_counts(plan, 2024, as_of)
            evaluation = evaluate(plan, 2024)
            progress = monthly_progress(plan, 2024, as_of)
            assert [
                (s["number"], s["percent"], s["grade"], s["actual"]) for s in payload["sections"]
            ] == [
                (s.number, _as_number(s.percent), s.grade or "", _as_number(s.actual))
                for s in evaluation.sections
            ]
            assert [
                (r["key"], r["cumulative"], r["prorated"], r["kgi"], r["needs_review"])
                for r in payload["rows"]
            ] == [
                (
                    r.key,
                    [_as_number(v) for v in r.cumulative],
                    [_as_number(v) for v in r.prorated_target],
                    r.kgi_level,
                    r.needs_review,
                )
                for r in progress.rows
            ]
            assert payload["months_elapsed"] == progress.months_elapsed
    # The committee's FY2024: 経営意欲確認 1,068 (section 3's first row) and 10 sections.
    payload = from_counts(plan, 2024, YEAR_END)
    assert len(payload["sections"]) == 10
    assert (
        next(r for r in payload["rows"] if r["key"] == "motivation-checks")["cumulative"][11]
        == 1068
    )
    # The kept counts' figures are the engine's counting the records, whole payload.
    assert payload == figures.compute(plan, 2024, YEAR_END)
    assert from_counts(plan, 2024, MID_YEAR) == figures.compute(plan, 2024, MID_YEAR)


def test_the_pipeline_and_groups_equal_a_recount(kawaguchi):
    payload = figures.compute(get_plan(kawaguchi, 2024), 2024, YEAR_END)
    months = payload["pipeline"]["months"]
    checks = MotivationCheck.objects.filter(organization=kawaguchi, fiscal_year=2024)
    by_month = {
        m.month: n
        for m, n in [
            (row["m"], row["n"])
            for row in checks.annotate(m=TruncMonth("checked_on"))
            .values("m")
            .annotate(n=Count("pk"))
        ]
    }
    assert months["checks"] == [by_month.get(m, 0) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    assert sum(months["checks"]) == checks.count() > 0
    assert (
        sum(months["contacts"])
        == SupportRecord.objects.filter(organization=kawaguchi, fiscal_year=2024).count()
    )
    staff_total = sum(one["checks"] for one in payload["pipeline"]["staff"])
    assert staff_total == checks.count()
    # Groups at the year's end: each plan's latest report's group, recounted plainly.
    latest = {}
    for report in FollowUpReport.objects.filter(
        organization=kawaguchi, reported_on__lte=YEAR_END
    ).order_by("reported_on", "pk"):
        latest[report.plan_id] = report.group
    at_end = {str(g): sum(1 for v in latest.values() if v == g) for g in (1, 2, 3, 4)}
    assert {g: values[11] for g, values in payload["groups"].items()} == at_end
    assert sum(at_end.values()) > 0


def test_the_page_draws_every_chart_with_its_table(kawaguchi, django_assert_max_num_queries):
    lead = User.objects.get(username="kawaguchi-lead")
    client = login(lead)
    url = reverse("dashboard:index") + "?fy=2024&month=3"
    with translation.override("ja"):
        first = client.get(url)
    assert first.status_code == 200
    page = first.content.decode()
    for key in ("sections", "row", "pipeline", "pipeline-staff", "groups"):
        assert f'data-chart="chart-{key}-data"' in page
        assert f'id="chart-{key}-data"' in page
    assert page.count("<details") == 5
    assert "<script>" not in page  # the CSP allows no inline script
    # Rows needing review are listed; the selected row's line is the first of them.
    review = first.context["review_rows"]
    assert review and first.context["row"]["key"] == review[0]["key"]
    # Warm: a constant number of queries whatever the data (session, user, plan, counts).
    with django_assert_max_num_queries(30) as captured:
        assert client.get(url).status_code == 200
    warm = len(captured)

    row = client.get(
        reverse("dashboard:row_chart") + "?fy=2024&month=3&row=motivation-checks",
        headers={"HX-Request": "true"},
    )
    assert row.status_code == 200
    fragment = row.content.decode()
    assert fragment.startswith('<div id="row-chart">') and "経営意欲確認件数" in fragment
    assert "1,068" in fragment  # its table: March's cumulative actual
    with django_assert_max_num_queries(warm):
        client.get(url + "&row=analyses")

    # Without a query the page opens on the plan's last year and month, and the form says so.
    plain = client.get(reverse("dashboard:index")).content.decode()
    assert '<option value="2024" selected>' in plain and '<option value="3" selected>' in plain


def test_a_chamber_without_a_plan_is_told_so(lead_advisor_a):
    response = login(lead_advisor_a).get(reverse("dashboard:index"))
    assert response.status_code == 200 and response.context["problem"]
    assert response.context.get("charts") is None


def test_dashboard_figures_equal_the_engine_for_a_fixture_year(lead_advisor_a):
    """The committee tests' plan: typed actuals, subsections, a qualitative section."""
    from bansou.committee.tests.plans import FY, build_seed_plan

    plan = build_seed_plan(lead_advisor_a.organization, lead_advisor_a)
    for as_of in (date(2024, 9, 30), YEAR_END):
        payload = from_counts(plan, FY, as_of)
        assert payload == figures.compute(plan, FY, as_of)
        evaluation = evaluate(plan, FY)
        progress = monthly_progress(plan, FY, as_of)
        assert [(s["number"], s["percent"], s["grade"]) for s in payload["sections"]] == [
            (s.number, _as_number(s.percent), s.grade or "") for s in evaluation.sections
        ]
        assert [(r["key"], r["cumulative"], r["kgi"], r["kpi"]) for r in payload["rows"]] == [
            (r.key, [_as_number(v) for v in r.cumulative], r.kgi_level, r.kpi_level)
            for r in progress.rows
        ]
