"""Analysis screens through HTTP: list, create, detail, edit with bad input, complete."""

from datetime import date

import pytest
from django.urls import reverse

from bansou.analysis.models import AnalysisStatus, BusinessAnalysis, FinancialStatement
from bansou.audit.models import AuditEntry
from bansou.businesses.timeline import sources
from bansou.testing import login, make_business

from .factories import make_analysis

pytestmark = pytest.mark.django_db

STATEMENT_FIELDS = [
    "period_end",
    "months",
    "sales",
    "cost_of_sales",
    "sga_variable",
    "sga_fixed",
    "sga_total",
    "operating_profit",
    "ordinary_profit",
    "depreciation",
    "interest_paid",
    "receivables",
    "inventory",
    "payables",
    "cash",
    "interest_bearing_debt",
    "net_assets",
    "total_assets",
    "employees",
]


def form_data(periods=(), *, initial=0, total=3, existing=(), **fields):
    """A POST of the analysis form with `periods` (dicts of figures) in the first forms."""
    data = {
        "analysed_on": "令和6年6月10日",
        "staff": "",
        "statements-TOTAL_FORMS": str(total),
        "statements-INITIAL_FORMS": str(initial),
        "statements-MIN_NUM_FORMS": "0",
        "statements-MAX_NUM_FORMS": "3",
        **fields,
    }
    for index in range(total):
        values = periods[index] if index < len(periods) else {}
        for name in STATEMENT_FIELDS:
            data[f"statements-{index}-{name}"] = values.get(name, "12" if name == "months" else "")
        if index < len(existing):
            data[f"statements-{index}-id"] = str(existing[index])
    return data


def create_url(business) -> str:
    return f"{reverse('analysis:create')}?business={business.pk}"


def test_create_with_japanese_figures_and_missing_items(advisor_a, business_a):
    periods = [
        {"period_end": "R5.3.31", "sales": "５０，０００", "operating_profit": "▲１，２００"},
        {
            "period_end": "2024/3/31",
            "sales": "60,000",
            "cost_of_sales": "30,000",
            "sga_total": "20000",
        },
    ]
    data = form_data(periods, staff=advisor_a.pk, strengths="技術力")
    response = login(advisor_a).post(create_url(business_a), data)
    analysis = BusinessAnalysis.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("analysis:detail", kwargs={"pk": analysis.pk})
    first, second = analysis.statements.order_by("period_end")
    assert (first.sales, first.operating_profit, first.cost_of_sales) == (50_000, -1_200, None)
    assert second.period_end == date(2024, 3, 31)
    assert analysis.fiscal_year == 2024
    assert AuditEntry.objects.for_object(analysis).get().action == "analysis.analysis.created"

    page = login(advisor_a).get(response["Location"]).content.decode()
    assert "66.7" in page  # break-even ratio of the second period (domain-facts §3)
    assert "不足: 売上原価" in page  # the first period says what it misses
    assert "▲2.4" in page  # operating margin of the first period: −1,200 ÷ 50,000


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sales", "abc", "整数"),
        ("sales", "▲5", "0 以上"),
        ("period_end", "2024/2/30", "存在しない日付"),
        ("months", "0", "1 以上"),
        ("sga_total", "25,000", "一致しません"),
        ("net_assets", "50,000", "上回る"),
    ],
)
def test_bad_figures_get_a_japanese_message_and_write_nothing(
    advisor_a, business_a, field, value, message
):
    period = {
        "period_end": "2024/3/31",
        "sales": "60000",
        "sga_variable": "5000",
        "sga_fixed": "15000",
        "sga_total": "20000",
        "net_assets": "10000",
        "total_assets": "40000",
        field: value,
    }
    response = login(advisor_a).post(
        create_url(business_a), form_data([period], staff=advisor_a.pk)
    )
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["formset"].forms[0].errors.get(field, []))
    assert message in errors, errors
    assert not BusinessAnalysis.objects.exists()
    assert not FinancialStatement.objects.exists()
    assert not AuditEntry.objects.changes().exists()


def test_a_fourth_period_is_refused_on_the_form(advisor_a, business_a):
    periods = [{"period_end": f"{year}/3/31", "sales": "1"} for year in (2021, 2022, 2023, 2024)]
    data = form_data(periods, total=4, staff=advisor_a.pk)
    response = login(advisor_a).post(create_url(business_a), data)
    assert response.status_code == 200
    assert "3期まで" in " ".join(response.context["formset"].non_form_errors())
    assert not BusinessAnalysis.objects.exists()


def test_a_repeated_period_end_is_refused_on_the_form(advisor_a, business_a):
    periods = [{"period_end": "2024/3/31", "sales": "1"}, {"period_end": "R6.3.31", "sales": "2"}]
    response = login(advisor_a).post(create_url(business_a), form_data(periods, staff=advisor_a.pk))
    assert response.status_code == 200
    errors = response.context["formset"].forms[1].errors["period_end"]
    assert "二重" in errors[0]
    assert not BusinessAnalysis.objects.exists()


def test_edit_deletes_a_period_and_adds_one(advisor_a, analysis_a):
    first, second = analysis_a.statements.order_by("period_end")
    periods = [
        {"period_end": "2023/3/31", "sales": "50000"},
        {"period_end": "2024/3/31", "sales": "60000"},
        {"period_end": "2025/3/31", "sales": "70000"},
    ]
    data = form_data(
        periods,
        initial=2,
        existing=[first.pk, second.pk],
        staff=advisor_a.pk,
        **{"statements-0-DELETE": "on"},
        lock_version=analysis_a.lock_version,
    )
    response = login(advisor_a).post(reverse("analysis:edit", kwargs={"pk": analysis_a.pk}), data)
    assert response.status_code == 302, response.context["formset"].errors
    ends = list(analysis_a.statements.order_by("period_end").values_list("period_end", flat=True))
    assert ends == [date(2024, 3, 31), date(2025, 3, 31)]
    entry = AuditEntry.objects.for_object(analysis_a).get()
    assert entry.action == "analysis.analysis.updated"


def test_create_without_a_business_offers_a_search(advisor_a, business_a):
    client = login(advisor_a)
    assert "検索" in client.get(reverse("analysis:create")).content.decode()
    page = client.get(reverse("analysis:create"), {"q": "あおば"}).content.decode()
    assert create_url(business_a) in page.replace("&amp;", "&")


def test_complete_from_the_page(advisor_a, analysis_a):
    url = reverse("analysis:complete", kwargs={"pk": analysis_a.pk})
    response = login(advisor_a).post(url, follow=True)
    assert "分析を完了しました" in response.content.decode()
    analysis_a.refresh_from_db()
    assert analysis_a.status == AnalysisStatus.COMPLETED
    again = login(advisor_a).post(url, follow=True)
    assert "すでに完了" in again.content.decode()


def test_expert_reads_only_analyses_of_assigned_businesses(expert_a, advisor_a, chamber_a):
    other = make_analysis(make_business(chamber_a, name="他社", name_kana="タシャ"), advisor_a)
    for name in ("analysis:detail", "analysis:report", "analysis:report_pdf"):
        response = login(expert_a).get(reverse(name, kwargs={"pk": other.pk}))
        # Not theirs to know of: 404, like another chamber's.
        assert response.status_code == 404, name
    assert other.business.name not in login(expert_a).get(reverse("analysis:list")).content.decode()


def test_list_filters(advisor_a, admin_a, business_a):
    make_analysis(business_a, advisor_a, periods=())
    done = make_analysis(business_a, admin_a, periods=(), status=AnalysisStatus.COMPLETED)
    BusinessAnalysis.objects.filter(pk=done.pk).update(fiscal_year=2023)
    client = login(advisor_a)

    def count(**params):
        return client.get(reverse("analysis:list"), params).context["page"].paginator.count

    assert count() == 2
    assert count(status="completed") == 1
    assert count(fiscal_year=2023) == 1
    assert count(staff=admin_a.pk) == 1
    assert count(status="draft", staff=admin_a.pk) == 0
    htmx = client.get(reverse("analysis:list"), {"status": "draft"}, headers={"HX-Request": "true"})
    assert b"<html" not in htmx.content


def _make_many(business, staff, n):
    for _ in range(n):
        make_analysis(business, staff)


def test_list_queries_do_not_grow(advisor_a, business_a, django_assert_max_num_queries):
    client = login(advisor_a)
    _make_many(business_a, advisor_a, 2)
    with django_assert_max_num_queries(8):
        client.get(reverse("analysis:list"))
    _make_many(business_a, advisor_a, 12)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("analysis:list")).status_code == 200


@pytest.mark.parametrize("name", ["analysis:detail", "analysis:report"])
def test_detail_queries_do_not_grow_with_periods(
    advisor_a, business_a, name, django_assert_max_num_queries
):
    client = login(advisor_a)
    one = make_analysis(business_a, advisor_a, periods=())
    three = make_analysis(business_a, advisor_a)
    FinancialStatement.objects.create(
        organization=three.organization, analysis=three, period_end=date(2022, 3, 31), sales=1
    )
    with django_assert_max_num_queries(10) as few:  # +1: is the reader assigned (audit)
        client.get(reverse(name, kwargs={"pk": one.pk}))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name, kwargs={"pk": three.pk})).status_code == 200


def test_timeline_kind_is_registered_and_renders(analysis_a):
    from django.template.loader import render_to_string

    source = next(s for s in sources() if s.kind == "analysis")
    assert source.model is BusinessAnalysis
    html = render_to_string(source.template, {"entry": analysis_a, "source": source})
    assert reverse("analysis:detail", kwargs={"pk": analysis_a.pk}) in html
    assert "作成中" in html
