"""Experts are outsiders dispatched to single businesses: none of the chamber's evaluation.

Was: an expert opened the plan, its results and drill-downs, downloaded the plan actuals
(evidence text and staff names) and the chamber's events with their participant counts.
"""

from datetime import date

import pytest
from django.urls import reverse

from bansou.evaluation.models import ManualActual, PlanItem
from bansou.events.models import Event
from bansou.testing import login


@pytest.fixture
def actual(kawaguchi_plan, admin_a):
    item = PlanItem.objects.get(plan=kawaguchi_plan, key="sme-survey")
    return ManualActual.objects.create(
        organization=kawaguchi_plan.organization,
        item=item,
        fiscal_year=2024,
        recorded_on=date(2024, 6, 30),
        value=1,
        evidence="理事会議事録の写し",
        entered_by=admin_a,
    )


def _evaluation_urls(plan) -> list[str]:
    year = {"pk": plan.pk, "fiscal_year": 2024}
    row = {**year, "key": "motivation-checks"}
    return [
        reverse("evaluation:index"),
        reverse("evaluation:plan_detail", kwargs={"pk": plan.pk}),
        reverse("evaluation:export_definition", kwargs={"pk": plan.pk}),
        reverse("evaluation:result", kwargs=year),
        reverse("evaluation:drilldown", kwargs=row),
        reverse("evaluation:drilldown_export", kwargs=row),
        reverse("committee:progress") + "?fy=2024&month=3",
    ]


def test_expert_opens_no_evaluation_page(kawaguchi_plan, expert_a, assigned_business):
    client = login(expert_a)
    got = {url: client.get(url).status_code for url in _evaluation_urls(kawaguchi_plan)}
    assert set(got.values()) == {403}, got


def test_advisor_still_opens_them(kawaguchi_plan, advisor_a):
    client = login(advisor_a)
    got = {url: client.get(url).status_code for url in _evaluation_urls(kawaguchi_plan)}
    assert set(got.values()) == {200}, got


def test_expert_downloads_no_plan_actuals(actual, expert_a, advisor_a, assigned_business):
    url = reverse("dataio:export", kwargs={"kind": "plan_actuals"})
    assert login(expert_a).get(url).status_code == 403
    assert login(advisor_a).get(url).status_code == 200


def test_plan_actuals_list_is_empty_for_an_expert(actual, expert_a, admin_a):
    from bansou.evaluation.exports import manual_actuals

    assert list(manual_actuals(user=expert_a)) == []
    assert list(manual_actuals(user=admin_a)) == [actual]


def test_expert_sees_no_events_nor_their_counts(chamber_a, expert_a, advisor_a, assigned_business):
    event = Event.objects.create(
        organization=chamber_a, name="創業セミナー", held_on=date(2024, 6, 1), kind="seminar"
    )
    expert = login(expert_a)
    for url in (
        reverse("events:list"),
        reverse("events:export"),
        reverse("events:detail", kwargs={"pk": event.pk}),
        reverse("events:participants_export", kwargs={"pk": event.pk}),
        reverse("dataio:export", kwargs={"kind": "events"}),
    ):
        assert expert.get(url).status_code == 403, url
    assert list(Event.objects.for_user(expert_a)) == []
    assert list(Event.objects.for_user(advisor_a)) == [event]


def test_expert_menu_offers_no_evaluation_events_or_committee(expert_a, assigned_business):
    page = login(expert_a).get(reverse("core:home")).content.decode()
    for name in ("evaluation:index", "committee:meeting_list", "events:list"):
        assert f'href="{reverse(name)}"' not in page, name
    assert f'href="{reverse("businesses:list")}"' in page


def test_committee_member_menu_keeps_the_evaluation(committee_a):
    page = login(committee_a).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("evaluation:index")}"' in page
    assert f'href="{reverse("events:list")}"' not in page
