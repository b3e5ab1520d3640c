"""Reading a business by someone not assigned to it: one entry per user, business and day."""

import pytest
import time_machine
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.support.tests.factories import make_record
from bansou.testing import login

VIEWED = "businesses.business.viewed"


def _views():
    return AuditEntry.objects.filter(action=VIEWED)


@time_machine.travel("2024-06-10T10:00:00+09:00")
def test_an_unassigned_advisor_is_logged_once_a_day(business_a, advisor_a):
    client = login(advisor_a)
    url = reverse("businesses:detail", args=[business_a.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    entry = _views().get()
    assert entry.actor == advisor_a and entry.target_id == business_a.pk
    assert entry.ip_address == "127.0.0.1"
    with time_machine.travel("2024-06-11T09:00:00+09:00"):
        # A new day's session (yesterday's ended with the idle timeout).
        assert login(advisor_a).get(url).status_code == 200
    assert _views().count() == 2


def test_the_staff_in_charge_is_not_logged(business_a, advisor_a):
    make_record(business_a, advisor_a)
    login(advisor_a).get(reverse("businesses:detail", args=[business_a.pk]))
    assert not _views().exists()


def test_an_assigned_expert_is_not_logged(assigned_business, expert_a):
    response = login(expert_a).get(reverse("businesses:detail", args=[assigned_business.pk]))
    assert response.status_code == 200
    assert not _views().exists()


def test_the_administrator_reading_a_record_is_logged_on_the_business(
    business_a, advisor_a, admin_a
):
    record = make_record(business_a, advisor_a)
    client = login(admin_a)
    client.get(reverse("support:detail", args=[record.pk]))
    client.get(reverse("businesses:detail", args=[business_a.pk]))
    entry = _views().get()
    assert entry.actor == admin_a and entry.target_id == business_a.pk
    assert entry.changes == {"page": "support record"}


def test_views_stay_out_of_the_change_history(business_a, admin_a):
    client = login(admin_a)
    client.get(reverse("businesses:detail", args=[business_a.pk]))
    assert _views().exists()
    assert not AuditEntry.objects.for_object(business_a).exists()


@pytest.mark.parametrize("logged", [False, True])
def test_a_business_page_costs_the_same_queries_each_time(
    business_a, admin_a, django_assert_max_num_queries, logged
):
    """The check is one query; the insert happens once a day."""
    client = login(admin_a)
    url = reverse("businesses:detail", args=[business_a.pk])
    if logged:
        client.get(url)
    from bansou.testing import count_queries

    first = count_queries(lambda: client.get(url))
    second = count_queries(lambda: client.get(url))
    assert first - second == (0 if logged else 1)


def test_the_expert_of_a_dispatch_case_is_not_logged(business_a, coordinator_a, expert_a):
    from bansou.partners.tests.factories import make_case, make_expert

    expert = make_expert(business_a.organization, user=expert_a)
    make_case(business_a, coordinator_a, expert=expert)
    response = login(expert_a).get(reverse("businesses:detail", args=[business_a.pk]))
    assert response.status_code == 200
    assert not _views().exists()
