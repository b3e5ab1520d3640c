"""Follow-up screens through HTTP: the lists, a report, a contact, the reminder letter."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from bansou.business_plans.models import BusinessPlan
from bansou.business_plans.tests.factories import make_completed_plan
from bansou.followups import services
from bansou.followups.models import FollowUpContact, FollowUpReport
from bansou.testing import login, make_business

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def report_post(**overrides):
    data = {
        "reported_on": "令和7年3月31日",
        "period_fiscal_year": "2024",
        "sales": "１０，５００",
        "profit": "▲５０",
        "wants_support": "yes",
        "note": "原材料高で利益が減少",
    }
    data.update(overrides)
    return data


@time_machine.travel(TODAY, tick=False)
def test_report_form_records_group_one_and_shows_it(advisor_a, completed_plan_a):
    client = login(advisor_a)
    url = reverse("followups:report_create", kwargs={"plan_pk": completed_plan_a.pk})
    form = client.get(url).context["form"]
    assert [c[0] for c in form.fields["period_fiscal_year"].choices] == [2024, 2025, 2026]
    assert form.fields["period_fiscal_year"].initial == 2025
    response = client.post(url, report_post(), follow=True)
    saved = FollowUpReport.objects.get()
    assert saved.profit == -50
    assert saved.group == 1
    assert saved.next_contact_due == date(2025, 4, 30)
    page = response.content.decode()
    assert "グループ1" in page
    assert "令和7年4月30日" in page
    plan_page = client.get(reverse("business_plans:detail", kwargs={"pk": completed_plan_a.pk}))
    assert "令和7年4月30日" in plan_page.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_report_for_a_plan_not_completed_is_refused_on_the_form(advisor_a, drafting_plan_a):
    url = reverse("followups:report_create", kwargs={"plan_pk": drafting_plan_a.pk})
    client = login(advisor_a)
    assert "策定が完了した事業計画がありません" in client.get(url).content.decode()
    response = client.post(url, report_post(period_fiscal_year="2024"))
    assert response.status_code == 200
    assert "策定が完了した事業計画がありません" in str(response.context["form"].non_field_errors())
    assert not FollowUpReport.objects.exists()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sales": "", "profit": ""}, "売上か利益"),
        ({"reported_on": "令和7年4月2日"}, "未来"),
        ({"wants_support": ""}, "必須"),
        ({"profit": "1.5"}, "整数"),
    ],
)
def test_bad_report_input(advisor_a, completed_plan_a, overrides, message):
    url = reverse("followups:report_create", kwargs={"plan_pk": completed_plan_a.pk})
    response = login(advisor_a).post(url, report_post(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(str(e) for errors in form.errors.values() for e in errors)
    assert not FollowUpReport.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_contact_form_moves_the_due_date(advisor_a, completed_plan_a):
    services.record_report(
        completed_plan_a,
        reported_on=date(2025, 3, 31),
        sales=10_500,
        profit=400,
        wants_support=True,
        period_fiscal_year=2024,
        actor=advisor_a,
    )
    url = reverse("followups:contact_create", kwargs={"plan_pk": completed_plan_a.pk})
    response = login(advisor_a).post(
        url, {"contacted_on": "R7.4.1", "channel": "follow_call", "note": "電話で状況確認"}
    )
    assert response.status_code == 302
    assert FollowUpContact.objects.get().note == "電話で状況確認"
    assert BusinessPlan.objects.get(pk=completed_plan_a.pk).follow_up_due == date(2025, 5, 1)


def plans_in(response) -> set[str]:
    return {plan.title for plan in response.context["page"]}


@time_machine.travel(TODAY, tick=False)
def test_lists_due_this_week_overdue_missing_group_advisor(advisor_a, follow_up_lists):
    client = login(advisor_a)
    url = reverse("followups:list")
    response = client.get(url)
    assert plans_in(response) == {"今週", "期限切れ", "先", "報告なし"}
    assert response.context["counts"] == {
        "total": 4,
        "week": 1,
        "overdue": 2,
        "missing": 1,
        "group_1": 2,
        "group_2": 0,
        "group_3": 0,
        "group_4": 1,
        "no_group": 1,
    }
    assert plans_in(client.get(url, {"tab": "week"})) == {"今週"}
    assert plans_in(client.get(url, {"tab": "overdue"})) == {"期限切れ", "報告なし"}
    missing = client.get(url, {"tab": "missing"})
    assert plans_in(missing) == {"報告なし"}
    page = missing.content.decode()
    assert "報告依頼の送付" in page
    missing_plan = BusinessPlan.objects.get(title="報告なし")
    assert reverse("followups:reminder", kwargs={"plan_pk": missing_plan.pk}) in page
    assert plans_in(client.get(url, {"group": "1"})) == {"今週", "期限切れ"}
    assert plans_in(client.get(url, {"staff": str(follow_up_lists.pk)})) == {"期限切れ", "報告なし"}
    advisors = client.get(url, {"tab": "advisors"}).context["advisors"]
    by_name = {row["staff__username"]: row for row in advisors}
    assert by_name["advisor-a"]["total"] == 2
    assert by_name["advisor-a"]["week"] == 1
    assert by_name["advisor-a2"]["overdue"] == 2
    assert by_name["advisor-a2"]["missing"] == 1


@time_machine.travel("2025-04-06T23:00:00+09:00", tick=False)
def test_due_this_week_on_sunday_night(advisor_a, follow_up_lists):
    # Sunday: the plan due on Thursday 04-03 is now overdue, and nothing else is due this week.
    response = login(advisor_a).get(reverse("followups:list"), {"tab": "week"})
    assert plans_in(response) == set()
    assert response.context["counts"]["overdue"] == 3


@time_machine.travel(TODAY, tick=False)
def test_list_queries_do_not_grow_with_rows(advisor_a, business_a, django_assert_max_num_queries):
    client = login(advisor_a)
    url = reverse("followups:list")
    for n in range(2):
        make_completed_plan(business_a, advisor_a, title=f"計画{n}")
    for tab in ("all", "advisors"):
        with django_assert_max_num_queries(9) as small:
            client.get(url, {"tab": tab})
        counts = len(small.captured_queries)
        for n in range(15):
            make_completed_plan(business_a, advisor_a, title=f"追加{tab}{n}")
        with django_assert_max_num_queries(9) as large:
            client.get(url, {"tab": tab})
        assert len(large.captured_queries) == counts


@time_machine.travel(TODAY, tick=False)
def test_reminder_letter(advisor_a, completed_plan_a):
    response = login(advisor_a).get(
        reverse("followups:reminder", kwargs={"plan_pk": completed_plan_a.pk})
    )
    page = response.content.decode()
    assert completed_plan_a.business.name in page
    assert "令和6年9月30日から令和7年3月29日まで" in page
    assert "ご報告のお願い" in page and "催促状" not in page
    assert "売上高" in page
    assert "支援" in page
    assert "令和7年4月15日" in page  # reply within two weeks


@time_machine.travel(TODAY, tick=False)
def test_report_detail_for_the_expert_of_the_business(
    expert_a, assigned_business, advisor_a, completed_plan_a, chamber_a
):
    saved = services.record_report(
        completed_plan_a,
        reported_on=date(2025, 3, 31),
        sales=11_000,
        profit=600,
        wants_support=False,
        period_fiscal_year=2024,
        actor=advisor_a,
    )
    response = login(expert_a).get(reverse("followups:report_detail", kwargs={"pk": saved.pk}))
    assert response.status_code == 200
    assert "グループ4" in response.content.decode()
    other = make_business(chamber_a, name="担当外", name_kana="タントウガイ")
    hidden_plan = make_completed_plan(other, advisor_a, completed_on=date(2024, 9, 30))
    assert (
        login(expert_a)
        .get(reverse("business_plans:detail", kwargs={"pk": hidden_plan.pk}))
        .status_code
        == 404
    )
    assert login(expert_a).get(reverse("followups:list")).context["counts"]["total"] == 1


@time_machine.travel(TODAY, tick=False)
def test_contact_links_only_a_support_record_of_the_same_business(
    advisor_a, completed_plan_a, business_a, chamber_a
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bansou.support.services import record_support

    at = datetime(2025, 3, 31, 14, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    own = record_support(
        business=business_a, staff=advisor_a, occurred_at=at, channel="visit", themes=["cash_flow"]
    )
    other_business = make_business(chamber_a, name="他社", name_kana="タシャ")
    foreign = record_support(
        business=other_business, staff=advisor_a, occurred_at=at, channel="visit", themes=["dx"]
    )
    client = login(advisor_a)
    url = reverse("followups:contact_create", kwargs={"plan_pk": completed_plan_a.pk})
    choices = list(client.get(url).context["form"].fields["support_record"].queryset)
    assert choices == [own]
    data = {"contacted_on": "令和7年3月31日", "channel": "visit", "support_record": foreign.pk}
    response = client.post(url, data)
    assert "正しく選択" in str(response.context["form"].errors["support_record"])
    assert not FollowUpContact.objects.exists()
    response = client.post(url, {**data, "support_record": own.pk})
    assert response.status_code == 302
    assert FollowUpContact.objects.get().support_record == own
    with pytest.raises(services.DomainError, match="別の事業者"):
        services.record_contact(
            completed_plan_a,
            contacted_on=date(2025, 3, 31),
            channel="visit",
            support_record=foreign,
            actor=advisor_a,
        )
    assert FollowUpContact.objects.count() == 1


def _letter(client, plan):
    return client.get(reverse("followups:reminder", kwargs={"plan_pk": plan.pk})).content.decode()


def test_the_letter_is_refused_before_the_first_report_is_due(advisor_a, completed_plan_a):
    with time_machine.travel("2025-02-01T10:00:00+09:00", tick=False):
        page = _letter(login(advisor_a), completed_plan_a)
    assert "まだ報告の期限が来ていません" in page
    assert "令和7年3月30日" in page  # the due day, when the letter becomes available
    assert "売上高" not in page  # no letter is printed


def test_the_letter_does_not_ask_for_a_period_already_reported(advisor_a, completed_plan_a):
    with time_machine.travel(TODAY, tick=False):
        client = login(advisor_a)
        client.post(
            reverse("followups:report_create", kwargs={"plan_pk": completed_plan_a.pk}),
            report_post(),
        )
        assert FollowUpReport.objects.count() == 1
        page = _letter(client, completed_plan_a)
    assert "記録済みです" in page and "令和7年9月30日" in page
    assert "売上高" not in page


def test_the_letter_asks_for_the_next_period_once_it_is_due(advisor_a, completed_plan_a):
    with time_machine.travel(TODAY, tick=False):
        client = login(advisor_a)
        client.post(
            reverse("followups:report_create", kwargs={"plan_pk": completed_plan_a.pk}),
            report_post(),
        )
    with time_machine.travel("2025-10-01T10:00:00+09:00", tick=False):
        page = _letter(login(advisor_a), completed_plan_a)
    assert "令和7年3月30日から令和7年9月29日まで" in page
    assert "令和7年10月15日" in page  # after the period's end


def test_a_second_report_for_the_same_period_is_refused_with_an_edit_link(
    advisor_a, completed_plan_a
):
    url = reverse("followups:report_create", kwargs={"plan_pk": completed_plan_a.pk})
    with time_machine.travel(TODAY, tick=False):
        client = login(advisor_a)
        client.post(url, report_post())
        first = FollowUpReport.objects.get()
        response = client.post(url, report_post(profit="900", wants_support="no"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "記録済みです" in page and "記録済みの報告を編集" in page
    assert reverse("followups:report_edit", kwargs={"pk": first.pk}) in page
    assert FollowUpReport.objects.count() == 1
    assert BusinessPlan.objects.get(pk=completed_plan_a.pk).follow_up_group == 1


def test_a_report_is_corrected_by_editing_it(advisor_a, completed_plan_a):
    with time_machine.travel(TODAY, tick=False):
        client = login(advisor_a)
        client.post(
            reverse("followups:report_create", kwargs={"plan_pk": completed_plan_a.pk}),
            report_post(),
        )
        saved = FollowUpReport.objects.get()
        url = reverse("followups:report_edit", kwargs={"pk": saved.pk})
        form = client.get(url).context["form"]
        assert form.initial["reported_on"] == "令和7年3月31日"
        data = report_post(profit="900", wants_support="no", lock_version=saved.lock_version)
        response = client.post(url, data)
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.profit, saved.group) == (900, 4)
    assert BusinessPlan.objects.get(pk=completed_plan_a.pk).follow_up_group == 4
