"""The dated territory: a record's in_territory follows its own date, written or recomputed."""

from datetime import date

import pytest
from django.urls import reverse

from bansou.analysis.models import BusinessAnalysis
from bansou.analysis.services import create_analysis, update_analysis
from bansou.audit.models import AuditEntry
from bansou.businesses.territory import (
    change_district_territory,
    recompute_record_territory,
    record_models,
)
from bansou.core.errors import DomainError
from bansou.evaluation.engine.kinds import KINDS
from bansou.events.models import Event, EventParticipation
from bansou.events.services import add_participation, update_event
from bansou.organizations.models import District
from bansou.support.models import SupportRecord
from bansou.support.tests.factories import make_record, tokyo
from bansou.testing import login, make_business

pytestmark = pytest.mark.django_db

MERGED_ON = date(2025, 4, 1)


@pytest.fixture
def hatogaya(chamber_a) -> District:
    return District.objects.create(
        organization=chamber_a, name="鳩ヶ谷", in_territory=True, in_territory_from=MERGED_ON
    )


def analyse(business, staff, day) -> BusinessAnalysis:
    return create_analysis(
        BusinessAnalysis(business=business, staff=staff, analysed_on=day), actor=staff
    )


def test_district_is_inside_within_its_period_only():
    district = District(in_territory=True, in_territory_from=MERGED_ON)
    assert not district.is_in_territory_on(date(2025, 3, 31))
    assert district.is_in_territory_on(MERGED_ON)
    district.in_territory_to = date(2026, 3, 31)
    assert district.is_in_territory_on(date(2026, 3, 31))
    assert not district.is_in_territory_on(date(2026, 4, 1))
    assert not District(in_territory=False).is_in_territory_on(MERGED_ON)
    assert District(in_territory=True).is_in_territory_on(date(1990, 1, 1))


def test_records_capture_the_flag_of_their_own_date(chamber_a, hatogaya, advisor_a):
    business = make_business(chamber_a, hatogaya)
    # Whenever it is entered, a FY2024 record stays outside and a FY2025 one is inside.
    fy2024 = analyse(business, advisor_a, date(2025, 3, 31))
    fy2025 = analyse(business, advisor_a, MERGED_ON)
    assert (fy2024.in_territory, fy2025.in_territory) == (False, True)
    # 2025-03-31 23:30 in Tokyo is still FY2024, though 2025-03-31 14:30 UTC.
    record = make_record(business, advisor_a, when=tokyo(2025, 3, 31, 23, 30))
    assert record.in_territory is False
    assert make_record(business, advisor_a, when=tokyo(2025, 4, 1, 0, 10)).in_territory is True


def test_changing_the_period_recomputes_stored_flags(chamber_a, district_a, advisor_a, admin_a):
    business = make_business(chamber_a, district_a)
    before = analyse(business, advisor_a, date(2025, 3, 31))
    after = analyse(business, advisor_a, MERGED_ON)
    support = make_record(business, advisor_a, when=tokyo(2025, 3, 1, 10, 0))
    assert {before.in_territory, after.in_territory, support.in_territory} == {True}
    change_district_territory(
        district_a,
        in_territory=True,
        in_territory_from=MERGED_ON,
        in_territory_to=None,
        actor=admin_a,
    )
    flags = dict(BusinessAnalysis.objects.values_list("analysed_on", "in_territory"))
    assert flags == {date(2025, 3, 31): False, MERGED_ON: True}
    assert SupportRecord.objects.get(pk=support.pk).in_territory is False
    entry = AuditEntry.objects.get(action="organizations.district.territory_changed")
    assert entry.changes["in_territory_from"]["new"] == "2025-04-01"


def test_recompute_touches_only_the_given_districts(chamber_a, district_a, hatogaya, advisor_a):
    inside = analyse(make_business(chamber_a, district_a), advisor_a, date(2024, 6, 1))
    BusinessAnalysis.objects.filter(pk=inside.pk).update(in_territory=False)  # a stale flag
    recompute_record_territory([hatogaya])
    assert BusinessAnalysis.objects.get(pk=inside.pk).in_territory is False
    recompute_record_territory([district_a])
    assert BusinessAnalysis.objects.get(pk=inside.pk).in_territory is True


def test_period_in_the_wrong_order_is_refused(district_a, admin_a):
    with pytest.raises(DomainError, match="開始日が終了日より後"):
        change_district_territory(
            district_a,
            in_territory=True,
            in_territory_from=date(2026, 4, 1),
            in_territory_to=date(2025, 3, 31),
            actor=admin_a,
        )
    district_a.refresh_from_db()
    assert district_a.in_territory_from is None
    assert not AuditEntry.objects.changes().exists()


def test_every_record_kind_judges_the_territory_on_the_evaluations_date():
    """The date the engine counts a record by is the one its territory is judged on."""
    by_label = {model._meta.label: model for model in record_models()}
    for kind in KINDS.values():
        if not kind.common_facts:  # meetings, publications …: about no business, no territory
            continue
        assert by_label[kind.model_label].territory_date_fields[0] == kind.date_field, kind.code


def test_editing_a_records_date_judges_it_again(chamber_a, hatogaya, advisor_a):
    business = make_business(chamber_a, hatogaya)
    analysis = analyse(business, advisor_a, date(2025, 3, 31))
    assert analysis.in_territory is False
    stored = BusinessAnalysis.objects.get(pk=analysis.pk)
    stored.analysed_on = MERGED_ON
    update_analysis(stored, actor=advisor_a)
    assert BusinessAnalysis.objects.get(pk=analysis.pk).in_territory is True
    record = make_record(business, advisor_a, when=tokyo(2025, 4, 2, 10, 0))
    record.occurred_at = tokyo(2025, 3, 2, 10, 0)
    record.save(update_fields=["occurred_at"])
    assert SupportRecord.objects.get(pk=record.pk).in_territory is False


def test_moving_an_event_judges_its_participations_again(chamber_a, hatogaya, advisor_a):
    event = Event.objects.create(
        organization=chamber_a, name="展示会", kind="exhibition", held_on=date(2025, 3, 1)
    )
    participation = add_participation(
        EventParticipation(event=event, business=make_business(chamber_a, hatogaya),
                           staff=advisor_a), actor=advisor_a)  # fmt: skip
    assert participation.in_territory is False
    event.held_on = date(2025, 5, 1)
    update_event(event, actor=advisor_a)
    assert EventParticipation.objects.get(pk=participation.pk).in_territory is True


def test_the_admin_form_recomputes_the_records(chamber_a, district_a, admin_a, advisor_a):
    business = make_business(chamber_a, district_a)
    before = analyse(business, advisor_a, date(2025, 3, 31))
    url = reverse("admin:organizations_district_change", args=[district_a.pk])
    response = login(admin_a).post(url, {
        "name": district_a.name, "name_kana": "", "in_territory": "on",
        "in_territory_from": "2025-04-01", "in_territory_to": "", "sort_order": 0,
        "lock_version": district_a.lock_version,
    })  # fmt: skip
    assert response.status_code == 302
    district_a.refresh_from_db()
    assert district_a.in_territory_from == MERGED_ON
    assert BusinessAnalysis.objects.get(pk=before.pk).in_territory is False
    assert AuditEntry.objects.filter(action="organizations.district.territory_changed").exists()
    refused = login(admin_a).post(url, {
        "name": district_a.name, "name_kana": "", "in_territory": "on",
        "in_territory_from": "2026-04-01", "in_territory_to": "2025-03-31", "sort_order": 0,
        "lock_version": district_a.lock_version,
    })  # fmt: skip
    assert "開始日が終了日より後" in refused.content.decode()
    district_a.refresh_from_db()
    assert district_a.in_territory_to is None
