"""The business's own six-monthly report by link: issue, send, confirm, and every refusal."""

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.business_plans.tests.factories import make_analysis, make_completed_plan
from bansou.core.errors import DomainError
from bansou.followups.models import FollowUpReport
from bansou.selfreports import services, tokens
from bansou.selfreports.models import LinkStatus, ReportLink
from bansou.testing import login, make_business

from .conftest import TODAY

pytestmark = pytest.mark.django_db

OWNER_FIGURES = {
    "sales": "１２，５００",
    "profit": "▲３００",
    "wants_support": "yes",
    "comment": "原材料高",
}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def link(completed_plan_a, advisor_a):
    with time_machine.travel(TODAY, tick=False):
        period = services.due_period(completed_plan_a, date(2025, 4, 1))
        return services.issue_link(completed_plan_a, period, actor=advisor_a)


def path_of(link) -> str:
    return services.link_path(link)


def audit_codes(link) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="selfreports.reportlink", target_id=link.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )


@time_machine.travel(TODAY, tick=False)
def test_the_link_shows_only_the_business_name_and_the_period(link, business_a):
    response = Client().get(path_of(link))
    assert response.status_code == 200
    html = response.content.decode()
    assert business_a.name in html
    assert "令和6年9月30日" in html and "令和7年3月29日" in html
    # Nothing else of the plan or the chamber: no baseline, no targets, no advisor.
    assert link.plan.title not in html
    assert "advisor-a" not in html and "10,000" not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


@time_machine.travel(TODAY, tick=False)
def test_owner_sends_full_width_figures_and_the_advisor_confirms(link, advisor_a):
    client = Client()
    response = client.post(path_of(link), OWNER_FIGURES)
    assert response.status_code == 302
    assert response["Location"].endswith("/sent/")
    assert "受け付けました" in client.get(response["Location"]).content.decode()
    link.refresh_from_db()
    assert (link.sales, link.profit, link.wants_support) == (12_500, -300, True)
    assert link.status() == LinkStatus.SUBMITTED
    # Nothing is counted before the advisor confirms.
    assert not FollowUpReport.objects.exists()

    staff = login(advisor_a)
    confirm_url = reverse("selfreports:confirm", kwargs={"pk": link.pk})
    page = staff.get(confirm_url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["reported_on"] = "令和7年4月1日"
    data["seen_submitted_at"] = link.submitted_at.isoformat()
    response = staff.post(confirm_url, data)
    assert response.status_code == 302, response.context["form"].errors
    report = FollowUpReport.objects.get()
    # Profit 300 in the red against a baseline of 500, support wanted: group 1 (DOMAIN §3).
    assert (report.sales, report.profit, report.group) == (12_500, -300, 1)
    assert report.note == "原材料高"
    link.refresh_from_db()
    assert link.report == report and link.confirmed_by == advisor_a
    link.plan.refresh_from_db()
    assert link.plan.follow_up_group == 1
    assert audit_codes(link) == [
        "selfreports.link.created",
        "selfreports.link.submitted",
        "selfreports.link.confirmed",
    ]


@time_machine.travel(TODAY, tick=False)
def test_the_link_cannot_be_used_again_after_confirmation(link, advisor_a):
    services.submit(link, sales=11_000, profit=600, wants_support=False)
    link.refresh_from_db()
    services.confirm(
        link,
        actor=advisor_a,
        reported_on=date(2025, 4, 1),
        period_fiscal_year=2024,
        sales=11_000,
        profit=600,
        wants_support=False,
        note="",
    )
    client = Client()
    response = client.get(path_of(link))
    assert response.status_code == 410
    assert "確認済み" in response.content.decode()
    response = client.post(path_of(link), OWNER_FIGURES)
    assert response.status_code == 410
    link.refresh_from_db()
    assert (link.sales, link.profit) == (11_000, 600)
    assert FollowUpReport.objects.get().group == 4
    with pytest.raises(DomainError):
        services.confirm(
            link,
            actor=advisor_a,
            reported_on=date(2025, 4, 1),
            period_fiscal_year=2024,
            sales=1,
            profit=1,
            wants_support=True,
        )
    with pytest.raises(DomainError):
        services.issue_link(link.plan, 1, actor=advisor_a)


def test_the_link_expires(link):
    with time_machine.travel("2025-05-30T10:00:00+09:00", tick=False):
        assert Client().get(path_of(link)).status_code == 200
    with time_machine.travel("2025-06-01T10:00:00+09:00", tick=False):
        response = Client().post(path_of(link), OWNER_FIGURES)
        assert response.status_code == 410
        assert "有効期限" in response.content.decode()
    link.refresh_from_db()
    assert link.submitted_at is None
    assert audit_codes(link) == ["selfreports.link.created"]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "",
        "x" * 300,
    ],
)
def test_a_forged_token_is_a_japanese_404(link, token):
    url = reverse("selfreports:form", kwargs={"token": token}) if token else "/self-reports/r/"
    response = Client().post(url, OWNER_FIGURES)
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.submitted_at is None


@time_machine.travel(TODAY, tick=False)
def test_a_tampered_token_is_refused_and_nothing_is_written(link):
    token = tokens.token_for(link.nonce)
    nonce, _sep, signature = token.partition(":")
    for tampered in (
        nonce[:-1] + ("A" if nonce[-1] != "A" else "B") + ":" + signature,
        nonce + ":" + signature[:-1] + ("A" if signature[-1] != "A" else "B"),
        nonce,  # the nonce alone, unsigned
        tokens.token_for(link.nonce + "x"),  # well signed, no such link
    ):
        response = Client().post(
            reverse("selfreports:form", kwargs={"token": tampered}), OWNER_FIGURES
        )
        assert response.status_code == 404, tampered
        assert "このリンクは無効です" in response.content.decode()
    link.refresh_from_db()
    assert link.submitted_at is None


@time_machine.travel(TODAY, tick=False)
def test_renewing_revokes_the_old_address(link, advisor_a):
    old = path_of(link)
    renewed = services.issue_link(link.plan, link.period_number, actor=advisor_a, renew=True)
    assert renewed.pk == link.pk
    assert Client().get(old).status_code == 404
    assert Client().get(path_of(renewed)).status_code == 200
    # Without renew, the open link is kept: the letter and the plan's page show one address.
    again = services.report_link_for(link.plan, link.period_number, actor=advisor_a)
    assert again.endswith(path_of(renewed))


@time_machine.travel(TODAY, tick=False)
def test_another_plans_link_writes_only_to_its_own_plan(link, advisor_a, chamber_a, district_a):
    other_business = make_business(chamber_a, district_a, name="別の事業者株式会社")
    analysis = make_analysis(other_business, advisor_a)
    other_plan = make_completed_plan(other_business, advisor_a, analysis=analysis)
    other = services.issue_link(other_plan, 1, actor=advisor_a)
    response = Client().post(path_of(other), OWNER_FIGURES)
    assert response.status_code == 302
    link.refresh_from_db()
    other.refresh_from_db()
    assert link.submitted_at is None and other.sales == 12_500
    # The owner's page of one plan never names the other business.
    assert "別の事業者" not in Client().get(path_of(link)).content.decode()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sales": "一万二千"}, "整数"),
        ({"sales": "12,500円くらい"}, "整数"),
        ({"sales": "▲100"}, "0 以上"),
        ({"sales": "", "profit": ""}, "利益の少なくとも一方"),
        ({"wants_support": ""}, "支援を希望"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(link, overrides, message):
    response = Client().post(path_of(link), {**OWNER_FIGURES, **overrides})
    assert response.status_code == 200
    assert message in response.content.decode()
    link.refresh_from_db()
    assert link.submitted_at is None
    assert audit_codes(link) == ["selfreports.link.created"]


@time_machine.travel(TODAY, tick=False)
def test_loss_with_triangle_and_half_width_minus(link):
    Client().post(path_of(link), {**OWNER_FIGURES, "profit": "-1,200", "sales": "9800"})
    link.refresh_from_db()
    assert (link.sales, link.profit) == (9_800, -1_200)


@time_machine.travel(TODAY, tick=False)
def test_the_owner_may_correct_before_confirmation(link):
    client = Client()
    client.post(path_of(link), OWNER_FIGURES)
    client.post(path_of(link), {**OWNER_FIGURES, "sales": "13000"})
    link.refresh_from_db()
    assert link.sales == 13_000
    assert audit_codes(link).count("selfreports.link.submitted") == 2


@time_machine.travel(TODAY, tick=False)
def test_confirmation_refused_when_the_owner_corrected_meanwhile(link, advisor_a):
    services.submit(link, sales=11_000, profit=600, wants_support=False)
    link.refresh_from_db()
    seen = link.submitted_at
    with time_machine.travel("2025-04-01T11:00:00+09:00", tick=False):
        services.submit(link, sales=9_000, profit=100, wants_support=True)
    with pytest.raises(DomainError) as error:
        services.confirm(
            link,
            actor=advisor_a,
            seen_submitted_at=seen,
            reported_on=date(2025, 4, 1),
            period_fiscal_year=2024,
            sales=11_000,
            profit=600,
            wants_support=False,
        )
    assert error.value.code == "changed"
    assert not FollowUpReport.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_guessing_is_throttled(link, settings):
    settings.BANSOU_REPORT_LINK_FAILURES = 3
    client = Client()
    for _i in range(3):
        assert client.get(reverse("selfreports:form", kwargs={"token": "guess"})).status_code == 404
    # From then on even a genuine link answers "too many attempts" to that address.
    response = client.get(path_of(link))
    assert response.status_code == 429


@time_machine.travel(TODAY, tick=False)
def test_staff_issue_the_link_from_the_plan_page(completed_plan_a, advisor_a):
    client = login(advisor_a)
    detail = reverse("business_plans:detail", kwargs={"pk": completed_plan_a.pk})
    assert "リンクを発行" in client.get(detail).content.decode()
    response = client.post(reverse("selfreports:issue", kwargs={"plan_pk": completed_plan_a.pk}))
    assert response.status_code == 302
    link = ReportLink.objects.get(plan=completed_plan_a)
    assert link.period_number == 1
    html = client.get(detail).content.decode()
    assert "http://testserver" + path_of(link) in html


@time_machine.travel("2024-12-01T10:00:00+09:00", tick=False)
def test_no_link_before_a_report_is_due(completed_plan_a, advisor_a):
    client = login(advisor_a)
    client.post(reverse("selfreports:issue", kwargs={"plan_pk": completed_plan_a.pk}))
    assert not ReportLink.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_report_link_for_is_absolute_with_the_public_url(link, settings):
    settings.BANSOU_PUBLIC_URL = "https://bansou.example.jp/"
    url = services.report_link_for(link.plan, services.period_of(link))
    assert url == "https://bansou.example.jp" + path_of(link)


@time_machine.travel(TODAY, tick=False)
def test_a_late_reply_still_answers_its_period(link):
    with time_machine.travel("2025-05-29T10:00:00+09:00", tick=False):
        services.submit(link, sales=1, profit=1, wants_support=True)
    link.refresh_from_db()
    assert services.report_date(link) == date(2025, 5, 29)
    link.submitted_at = link.submitted_at.replace(year=2025, month=9, day=20)
    # Period 1 is due 2025-03-30; a report dated 2025-06-29 or later would answer period 2.
    assert services.report_date(link) == date(2025, 6, 29)


@time_machine.travel(TODAY, tick=False)
def test_pending_list_and_pages_use_constant_queries(
    link, advisor_a, chamber_a, district_a, django_assert_max_num_queries
):
    services.submit(link, sales=1, profit=1, wants_support=True)
    client = login(advisor_a)
    url = reverse("selfreports:list")
    with django_assert_max_num_queries(12) as first:
        response = client.get(url)
    assert link.plan.business.name in response.content.decode()
    for i in range(3):
        business = make_business(chamber_a, district_a, name=f"事業者{i}")
        plan = make_completed_plan(business, advisor_a, analysis=make_analysis(business, advisor_a))
        services.submit(
            services.issue_link(plan, 1, actor=advisor_a), sales=1, profit=1, wants_support=True
        )
    with django_assert_max_num_queries(12) as second:
        client.get(url)
    assert len(second.captured_queries) == len(first.captured_queries)
    with django_assert_max_num_queries(4):
        Client().get(path_of(link))


def test_demo_links_one_answered(completed_plan_a, chamber_a):
    from bansou.selfreports.demo import load_selfreports_demo

    with time_machine.travel(TODAY, tick=False):
        links = load_selfreports_demo(chamber_a, today=date(2025, 4, 1))
    assert [link.plan for link in links] == [completed_plan_a]
    links[0].refresh_from_db()
    assert links[0].status() == LinkStatus.SUBMITTED
    assert not FollowUpReport.objects.exists()
