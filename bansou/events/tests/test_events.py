"""Events and participations: facts captured, fiscal year follows the day, audit, outcomes."""

from datetime import date

import pytest
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.core.errors import DomainError
from bansou.events import services
from bansou.events.models import Event, EventParticipation
from bansou.testing import MALFORMED_IDS, login, make_business

pytestmark = pytest.mark.django_db


def test_participation_captures_facts_and_the_fiscal_year(
    event_a, business_a, district_outside_a, advisor_a
):
    outside = make_business(
        event_a.organization, district_outside_a, name="鳩ヶ谷商店", name_kana="ハト"
    )
    p = services.add_participation(
        EventParticipation(event=event_a, business=outside, staff=advisor_a, deals_closed=1),
        actor=advisor_a,
    )
    assert p.participated_on == date(2024, 11, 5) and p.fiscal_year == 2024
    assert p.in_territory is False and p.district == district_outside_a
    assert AuditEntry.objects.filter(action="events.participation.created", target_id=p.pk).exists()
    with pytest.raises(DomainError):
        services.add_participation(
            EventParticipation(event=event_a, business=outside, staff=advisor_a), actor=advisor_a
        )


def test_moving_the_event_moves_its_participations_fiscal_year(event_a, participation_a, advisor_a):
    event_a.held_on = date(2025, 3, 31)
    services.update_event(event_a, actor=advisor_a)
    participation_a.refresh_from_db()
    assert participation_a.fiscal_year == 2024 and participation_a.participated_on == date(
        2025, 3, 31
    )
    event_a.held_on = date(2025, 4, 1)
    services.update_event(event_a, actor=advisor_a)
    participation_a.refresh_from_db()
    assert participation_a.fiscal_year == 2025
    assert AuditEntry.objects.filter(action="events.event.updated").count() == 2


def test_an_event_with_participants_cannot_be_deleted(event_a, participation_a, advisor_a):
    with pytest.raises(DomainError):
        services.delete_event(event_a, actor=advisor_a)
    services.remove_participation(participation_a, actor=advisor_a)
    services.delete_event(event_a, actor=advisor_a)
    assert not Event.objects.exists()


def test_list_shows_counts_and_sums_in_constant_queries(
    event_a, participation_a, advisor_a, chamber_a, district_a, django_assert_max_num_queries
):
    client = login(advisor_a)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("events:list")).content.decode()
    assert "川口i-mono展示会" in page and "令和6年11月5日" in page
    for i in range(15):
        event = Event.objects.create(
            organization=chamber_a,
            name=f"セミナー{i}",
            held_on=date(2024, 5, 1 + i),
            kind="seminar",
        )
        business = make_business(chamber_a, district_a, name=f"参加{i}", name_kana=f"サンカ{i}")
        p = EventParticipation(event=event, business=business, staff=advisor_a, deals_closed=i)
        p.capture_business_facts()
        p.save()
    with django_assert_max_num_queries(8):
        page = client.get(
            reverse("events:list"), {"kind": "seminar", "fiscal_year": 2024}
        ).content.decode()
    assert "セミナー14" in page and "川口i-mono展示会" not in page


def test_detail_shows_participants_with_totals(
    event_a, participation_a, advisor_a, django_assert_max_num_queries
):
    client = login(advisor_a)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("events:detail", args=[event_a.pk])).content.decode()
    assert participation_a.business.name in page
    assert "新規取引先数" in page and "成約件数" in page


def test_expert_sees_only_assigned_participants(
    event_a, participation_a, expert_a, business_b, chamber_a, district_a, advisor_a
):
    other = make_business(chamber_a, district_a, name="非担当商店", name_kana="ヒタントウ")
    p = EventParticipation(event=event_a, business=other, staff=advisor_a)
    p.capture_business_facts()
    p.save()
    # Events and their counts are chamber-wide figures: the expert opens none of them, and
    # sees only the participations of the businesses assigned to them (their timelines).
    assert login(expert_a).get(reverse("events:detail", args=[event_a.pk])).status_code == 403
    visible = EventParticipation.objects.for_user(expert_a)
    assert list(visible.values_list("business__name", flat=True)) == [participation_a.business.name]


def test_add_participant_by_searching_the_business(event_a, business_a, advisor_a):
    client = login(advisor_a)
    search = client.get(
        reverse("events:participant_add", args=[event_a.pk]), {"q": "あおば"}
    ).content.decode()
    assert business_a.name in search
    form_url = reverse("events:participant_add", args=[event_a.pk])
    response = client.post(
        form_url,
        {
            "business": business_a.pk,
            "deals_closed": "２",
            "new_trading_partners": "1",
            "note": "試作品の引き合い",
        },
    )
    assert response.status_code == 302
    p = EventParticipation.objects.get()
    assert (p.deals_closed, p.new_trading_partners, p.staff) == (2, 1, advisor_a)
    again = client.get(form_url, {"q": "あおば"}).content.decode()
    assert business_a.name not in again.split("business-choices")[-1]


def test_another_chambers_business_cannot_be_added(event_a, business_b, advisor_a):
    response = login(advisor_a).post(
        reverse("events:participant_add", args=[event_a.pk]),
        {"business": business_b.pk, "deals_closed": 0, "new_trading_partners": 0},
    )
    assert response.status_code == 404
    assert not EventParticipation.objects.exists()


def test_create_and_edit_an_event(advisor_a, chamber_a):
    client = login(advisor_a)
    response = client.post(
        reverse("events:create"),
        {
            "name": "受発注商談会",
            "kind": "matchmaking",
            "held_on": "R6.7.10",
            "venue": "川口商工会議所",
        },
    )
    event = Event.objects.get()
    assert response["Location"] == reverse("events:detail", args=[event.pk])
    assert event.held_on == date(2024, 7, 10) and event.fiscal_year == 2024
    duplicate = client.post(
        reverse("events:create"), {"name": "受発注商談会", "kind": "other", "held_on": "2024/7/10"}
    )
    assert duplicate.status_code == 200 and Event.objects.count() == 1
    client.post(
        reverse("events:edit", args=[event.pk]),
        {"name": "受発注商談会", "kind": "matchmaking", "held_on": "2024/7/11", "lock_version": 1},
    )
    event.refresh_from_db()
    assert event.held_on == date(2024, 7, 11)


def test_timeline_kind_is_registered():
    from bansou.businesses.timeline import sources

    assert "event_participation" in {s.kind for s in sources()}


@pytest.mark.parametrize("value", MALFORMED_IDS)
def test_a_malformed_business_to_add_is_404(advisor_a, event_a, value):
    url = reverse("events:participant_add", args=[event_a.pk])
    client = login(advisor_a)
    assert client.get(url, {"business": value}).status_code == 404
    assert client.post(url, {"business": value}).status_code == 404
