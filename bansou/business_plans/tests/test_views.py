"""Plan screens through HTTP: create with targets, edit, complete, approve, delete, lists."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from bansou.accounts.models import Role
from bansou.audit.models import AuditEntry
from bansou.business_plans.choices import PlanKind, PlanStatus
from bansou.business_plans.models import BusinessPlan, PlanYearTarget
from bansou.businesses.models import BusinessAssignment
from bansou.testing import csv_rows, download, login, make_business, make_user

from .factories import make_analysis, make_completed_plan, make_plan

pytestmark = pytest.mark.django_db


def plan_post(analysis=None, staff=None, **overrides):
    data = {
        "title": "創業計画（テイクアウト専門店）",
        "kind": PlanKind.STARTUP,
        "is_dx": "on",
        "staff": staff.pk if staff else "",
        "analysis": analysis.pk if analysis else "",
        "started_on": "令和6年6月1日",
        "consultations": "３",
        "summary": "",
        "baseline_fiscal_year": "令和5年度",
        "baseline_sales": "１０，０００",
        "baseline_profit": "▲２００",
        "targets-TOTAL_FORMS": "5",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "5",
        "targets-0-fiscal_year": "R6",
        "targets-0-sales": "11,000",
        "targets-0-profit": "100",
        "targets-1-fiscal_year": "2025",
        "targets-1-sales": "１２，０００",
        "targets-1-profit": "300",
        "targets-2-fiscal_year": "令和8年度",
        "targets-2-sales": "13000",
        "targets-2-profit": "500",
    }
    data.update(overrides)
    return data


def errors_text(response) -> str:
    """Every error the plan form and its targets show, as one string."""
    form, formset = response.context["form"], response.context["formset"]
    parts = [str(e) for errors in form.errors.values() for e in errors]
    parts += [str(e) for e in formset.non_form_errors()]
    parts += [str(e) for errors in formset.errors for field in errors.values() for e in field]
    return " ".join(parts)


def create_url(business):
    return reverse("business_plans:create") + f"?business={business.pk}"


def test_create_form_offers_only_this_business_analyses(advisor_a, business_a, chamber_a):
    own = make_analysis(business_a, advisor_a, analysed_on=date(2024, 5, 10))
    other = make_analysis(make_business(chamber_a, name="他社", name_kana="タシャ"), advisor_a)
    response = login(advisor_a).get(create_url(business_a))
    choices = list(response.context["form"].fields["analysis"].queryset)
    assert choices == [own]
    assert other not in choices
    assert "令和6年5月10日の分析" in response.content.decode()


def test_create_without_a_business_asks_for_one(advisor_a, business_a):
    response = login(advisor_a).get(reverse("business_plans:create"), {"q": "あおば"})
    assert response.status_code == 200
    assert f"?business={business_a.pk}" in response.content.decode()


def test_create_with_japanese_input_and_three_targets(advisor_a, business_a):
    analysis = make_analysis(business_a, advisor_a)
    response = login(advisor_a).post(
        create_url(business_a), plan_post(analysis=analysis, staff=advisor_a)
    )
    plan = BusinessPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("business_plans:detail", kwargs={"pk": plan.pk})
    assert plan.business == business_a
    assert plan.analysis == analysis
    assert plan.consultations == 3
    assert plan.baseline_fiscal_year == 2023
    assert plan.baseline_profit == -200
    assert plan.is_dx is True
    assert plan.status == PlanStatus.DRAFTING
    assert list(plan.year_targets.values_list("fiscal_year", "sales", "profit")) == [
        (2024, 11_000, 100),
        (2025, 12_000, 300),
        (2026, 13_000, 500),
    ]
    assert AuditEntry.objects.for_object(plan).get().action == "business_plans.plan.created"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"targets-2-fiscal_year": "", "targets-2-sales": "", "targets-2-profit": ""},
            "3〜5年度分",
        ),
        ({"targets-2-fiscal_year": "2027"}, "連続"),
        ({"baseline_fiscal_year": "2022"}, "基準年度"),
        ({"targets-1-profit": ""}, "売上と利益の両方"),
        ({"targets-1-fiscal_year": "来年"}, "のように年度を入力"),
        ({"started_on": "2024/2/30"}, "存在しない日付"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_writes_nothing(
    advisor_a, business_a, overrides, message
):
    response = login(advisor_a).post(
        create_url(business_a), plan_post(staff=advisor_a, **overrides)
    )
    assert response.status_code == 200
    assert message in errors_text(response)
    assert not BusinessPlan.objects.exists()
    assert not PlanYearTarget.objects.exists()
    assert not AuditEntry.objects.changes().exists()


def test_an_analysis_of_another_business_is_refused(advisor_a, business_a, chamber_a):
    other = make_analysis(make_business(chamber_a, name="他社", name_kana="タシャ"), advisor_a)
    response = login(advisor_a).post(
        create_url(business_a), plan_post(analysis=other, staff=advisor_a)
    )
    assert "正しく選択" in str(response.context["form"].errors["analysis"])
    assert not BusinessPlan.objects.exists()


def test_edit_changes_the_targets(advisor_a, plan_a):
    data = plan_post(
        staff=advisor_a,
        **{
            "targets-INITIAL_FORMS": "3",
            "targets-3-fiscal_year": "2027",
            "targets-3-sales": "15,000",
            "targets-3-profit": "900",
        },
    )
    data["lock_version"] = plan_a.lock_version
    response = login(advisor_a).post(reverse("business_plans:edit", kwargs={"pk": plan_a.pk}), data)
    assert response.status_code == 302
    assert list(plan_a.year_targets.values_list("fiscal_year", flat=True)) == [
        2024,
        2025,
        2026,
        2027,
    ]
    entry = AuditEntry.objects.for_object(plan_a).filter(action="business_plans.plan.updated").get()
    assert "2027: 15,000 / 900" in entry.changes["year_targets"]["new"]


def test_edit_form_shows_the_stored_targets(advisor_a, plan_a):
    response = login(advisor_a).get(reverse("business_plans:edit", kwargs={"pk": plan_a.pk}))
    formset = response.context["formset"]
    assert [f.initial.get("fiscal_year") for f in formset.forms[:3]] == [2024, 2025, 2026]
    assert len(formset.forms) == 5


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
def test_complete_before_the_analysis_is_refused_with_a_message(advisor_a, plan_a):
    client = login(advisor_a)
    response = client.post(
        reverse("business_plans:complete", kwargs={"pk": plan_a.pk}),
        {"completed_on": "令和6年5月9日"},
        follow=True,
    )
    assert "分析（令和6年5月10日）より前" in response.content.decode()
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.DRAFTING
    assert plan_a.completed_on is None


@time_machine.travel("2025-04-15T10:00:00+09:00", tick=False)
def test_complete_then_approve(advisor_a, plan_a):
    client = login(advisor_a)
    client.post(
        reverse("business_plans:complete", kwargs={"pk": plan_a.pk}),
        {"completed_on": "R6.9.30"},
    )
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.COMPLETED
    assert plan_a.next_report_due == date(2025, 3, 30)
    response = client.post(
        reverse("business_plans:approve", kwargs={"pk": plan_a.pk}),
        {"approved_on": "令和6年11月20日", "approving_body": "埼玉県知事"},
        follow=True,
    )
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.APPROVED
    page = response.content.decode()
    assert "令和6年11月20日" in page
    assert "埼玉県知事" in page


def test_complete_without_a_date_is_refused(advisor_a, plan_a):
    response = login(advisor_a).post(
        reverse("business_plans:complete", kwargs={"pk": plan_a.pk}), {}, follow=True
    )
    assert "必須" in response.content.decode()
    plan_a.refresh_from_db()
    assert plan_a.status == PlanStatus.DRAFTING


def test_delete_a_drafting_plan_but_not_a_completed_one(advisor_a, plan_a, completed_plan_a):
    client = login(advisor_a)
    response = client.post(reverse("business_plans:delete", kwargs={"pk": plan_a.pk}))
    assert response.status_code == 302
    assert not BusinessPlan.objects.filter(pk=plan_a.pk).exists()
    response = client.post(
        reverse("business_plans:delete", kwargs={"pk": completed_plan_a.pk}), follow=True
    )
    assert "作成中" in response.content.decode()
    assert BusinessPlan.objects.filter(pk=completed_plan_a.pk).exists()


def many_plans(business, staff, count, **fields):
    for n in range(count):
        make_completed_plan(business, staff, title=f"計画{n}", **fields)


def test_list_filters(advisor_a, business_a, chamber_a):
    other_staff = make_user(chamber_a, Role.ADVISOR, "advisor-a2")
    make_plan(business_a, advisor_a, title="作成中の補助金申請", kind=PlanKind.SUBSIDY)
    make_completed_plan(business_a, other_staff, title="DXの経営革新", is_dx=True)
    client = login(advisor_a)
    url = reverse("business_plans:list")

    def titles(**params):
        return {p.title for p in client.get(url, params).context["page"]}

    assert titles() == {"作成中の補助金申請", "DXの経営革新"}
    assert titles(kind="subsidy") == {"作成中の補助金申請"}
    assert titles(status="completed") == {"DXの経営革新"}
    assert titles(dx="yes") == {"DXの経営革新"}
    assert titles(dx="no") == {"作成中の補助金申請"}
    assert titles(fiscal_year="2024") == {"DXの経営革新"}
    assert titles(staff=str(other_staff.pk)) == {"DXの経営革新"}
    assert titles(q="アオバ") == {"作成中の補助金申請", "DXの経営革新"}
    assert titles(q="補助金") == {"作成中の補助金申請"}


def test_expert_sees_only_plans_of_assigned_businesses(expert_a, advisor_a, business_a, chamber_a):
    other = make_business(chamber_a, name="他社", name_kana="タシャ")
    make_plan(business_a, advisor_a, title="担当先の計画")
    hidden = make_plan(other, advisor_a, title="担当外の計画")
    BusinessAssignment.objects.create(organization=chamber_a, business=business_a, expert=expert_a)
    client = login(expert_a)
    response = client.get(reverse("business_plans:list"))
    assert {p.title for p in response.context["page"]} == {"担当先の計画"}
    assert client.get(reverse("business_plans:detail", kwargs={"pk": hidden.pk})).status_code == 404


def test_list_queries_do_not_grow_with_rows(advisor_a, business_a, django_assert_max_num_queries):
    client = login(advisor_a)
    url = reverse("business_plans:list")
    many_plans(business_a, advisor_a, 2)
    with django_assert_max_num_queries(8) as small:
        client.get(url, {"status": "completed"})
    many_plans(business_a, advisor_a, 20)
    with django_assert_max_num_queries(8) as large:
        response = client.get(url, {"status": "completed"})
    assert response.context["page"].paginator.count == 22
    assert len(large.captured_queries) == len(small.captured_queries)


def test_detail_queries_do_not_grow_with_targets_and_reports(
    advisor_a, completed_plan_a, django_assert_max_num_queries
):
    client = login(advisor_a)
    url = reverse("business_plans:detail", kwargs={"pk": completed_plan_a.pk})
    with django_assert_max_num_queries(15) as first:  # +1: is the reader assigned (audit)
        response = client.get(url)
    assert "令和6年度" in response.content.decode()
    from bansou.followups import services as followups

    # One report for each of three six-monthly periods (a period has one report).
    for reported_on in (date(2025, 3, 1), date(2025, 9, 1), date(2026, 3, 1)):
        followups.record_report(
            completed_plan_a,
            reported_on=reported_on,
            sales=9_000,
            profit=400,
            wants_support=True,
            period_fiscal_year=2024,
            actor=advisor_a,
        )
    with django_assert_max_num_queries(15) as second:
        client.get(url)
    assert len(second.captured_queries) == len(first.captured_queries)


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_follows_the_filter_in_constant_queries(
    advisor_a, business_a, file_format, django_assert_max_num_queries
):
    many_plans(business_a, advisor_a, 3)
    make_plan(business_a, advisor_a, title="作成中")
    client = login(advisor_a)
    url = reverse("business_plans:export")
    with django_assert_max_num_queries(8):
        response = client.get(url, {"format": file_format, "status": "completed"})
    assert response.status_code == 200
    if file_format == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        lines = text.strip().splitlines()
        assert len(lines) == 4  # header + the three completed plans
        assert "1年目 売上高（千円）" in lines[0]
        assert "作成中" not in text
        assert "11000" in lines[1]
    else:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("kind", ["analyses", "business_plans"])
def test_the_whole_list_downloads_hold_only_the_users_chamber(
    kind, plan_a, business_b, advisor_b, advisor_a
):
    other = make_plan(business_b, advisor_b, analysis=make_analysis(business_b, advisor_b))
    url = reverse("dataio:export", kwargs={"kind": kind})

    def ids(user) -> set[str]:
        rows = csv_rows(download(login(user), url, format="csv"))
        return {row[0] for row in rows[1:]}

    def id_of(plan) -> str:
        return str(plan.pk if kind == "business_plans" else plan.analysis_id)

    assert ids(advisor_a) == {id_of(plan_a)}
    assert ids(advisor_b) == {id_of(other)}


@time_machine.travel(date(2024, 7, 1))
def test_a_new_plan_starts_today_on_the_latest_analysis_and_its_figures(advisor_a, business_a):
    from bansou.analysis.tests.factories import PERIOD_2023, PERIOD_2024
    from bansou.analysis.tests.factories import make_analysis as make_full_analysis

    older = make_full_analysis(business_a, advisor_a, analysed_on=date(2023, 6, 1))
    latest = make_full_analysis(
        business_a,
        advisor_a,
        periods=(PERIOD_2023, {**PERIOD_2024, "ordinary_profit": 9_100}),
        analysed_on=date(2024, 6, 10),
    )
    client = login(advisor_a)
    url = reverse("business_plans:create")
    form = client.get(url, {"business": business_a.pk}).context["form"]
    assert form["started_on"].value() == date(2024, 7, 1)
    assert form["analysis"].value() == latest.pk
    # The base year is the analysis's latest closed period (ending 2024-03-31: FY2023).
    assert form["baseline_fiscal_year"].value() == 2023
    assert form["baseline_sales"].value() == 60_000
    assert form["baseline_profit"].value() == 9_100
    chosen = client.get(url, {"business": business_a.pk, "analysis": older.pk}).context["form"]
    assert chosen["analysis"].value() == older.pk
    assert chosen["baseline_fiscal_year"].value() == 2023


def test_a_new_plan_without_an_analysis_still_starts_today(advisor_a, business_a):
    from django.utils import timezone

    url = reverse("business_plans:create")
    form = login(advisor_a).get(url, {"business": business_a.pk}).context["form"]
    assert form["started_on"].value() == timezone.localdate()
    assert form["baseline_sales"].value() is None
