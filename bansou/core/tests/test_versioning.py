"""No lost updates: of two people editing the same record, the second save is refused (409)."""

import threading
from datetime import date

import pytest
import time_machine
from django.db import connections, transaction
from django.urls import reverse

from bansou.analysis.tests.factories import make_analysis
from bansou.business_plans.tests.factories import make_completed_plan, make_plan
from bansou.businesses.models import Business
from bansou.committee.models import CommitteeMeeting
from bansou.committee.tests.conftest import make_meeting
from bansou.committee.tests.plans import build_seed_plan
from bansou.core.versioning import VersionConflict
from bansou.dashboard.models import DashboardSettings
from bansou.events.models import Event, EventKind, EventParticipation
from bansou.followups import services as followups
from bansou.followups.models import FollowUpReport
from bansou.motivation import services as motivation
from bansou.organizations.models import Department, District
from bansou.support.models import SupportRecord
from bansou.support.tests.factories import make_record
from bansou.testing import login
from bansou.testing_forms import form_on_page

TODAY = "2025-04-01T10:00:00+09:00"  # after every record made below


def _business(request):
    business = request.getfixturevalue("business_a")
    return business, reverse("businesses:edit", args=[business.pk]), "representative"


def _support_record(request):
    record = make_record(
        request.getfixturevalue("business_a"), request.getfixturevalue("advisor_a")
    )
    return record, reverse("support:edit", args=[record.pk]), "support"


def _motivation_check(request):
    business, advisor = request.getfixturevalue("business_a"), request.getfixturevalue("advisor_a")
    version = motivation.current_version(business.organization)
    check = motivation.record_check(
        business=business,
        staff=advisor,
        version=version,
        checked_on=date(2024, 6, 3),
        points_by_item={item.pk: 2 for item in version.items.all()},
        actor=advisor,
    )
    return check, reverse("motivation:edit", args=[check.pk]), "note"


def _analysis(request):
    analysis = make_analysis(
        request.getfixturevalue("business_a"), request.getfixturevalue("advisor_a")
    )
    return analysis, reverse("analysis:edit", args=[analysis.pk]), "strengths"


def _business_plan(request):
    plan = make_plan(request.getfixturevalue("business_a"), request.getfixturevalue("advisor_a"))
    return plan, reverse("business_plans:edit", args=[plan.pk]), "title"


def _follow_up_report(request):
    advisor = request.getfixturevalue("advisor_a")
    plan = make_completed_plan(
        request.getfixturevalue("business_a"), advisor, completed_on=date(2024, 9, 30)
    )
    report = followups.record_report(
        plan,
        reported_on=date(2025, 3, 31),
        sales=10_500,
        profit=-50,
        wants_support=True,
        period_fiscal_year=2024,
        actor=advisor,
    )
    return report, reverse("followups:report_edit", args=[report.pk]), "note"


def _event(request):
    event = Event.objects.create(
        organization=request.getfixturevalue("chamber_a"),
        name="川口i-mono展示会",
        kind=EventKind.EXHIBITION,
        held_on=date(2024, 11, 5),
    )
    return event, reverse("events:edit", args=[event.pk]), "venue"


def _participation(request):
    event, _url, _field = _event(request)
    participation = EventParticipation(
        event=event,
        business=request.getfixturevalue("business_a"),
        staff=request.getfixturevalue("advisor_a"),
        deals_closed=2,
    )
    participation.capture_business_facts()
    participation.save()
    return participation, reverse("events:participation_edit", args=[participation.pk]), "note"


def _committee_meeting(request):
    lead = request.getfixturevalue("admin_a")
    meeting = make_meeting(build_seed_plan(lead.organization, lead), lead)
    return meeting, reverse("committee:meeting_edit", args=[meeting.pk]), "venue"


EDIT_FORMS = {
    "business": (_business, "advisor_a"),
    "support record": (_support_record, "advisor_a"),
    "motivation check": (_motivation_check, "advisor_a"),
    "analysis": (_analysis, "advisor_a"),
    "business plan": (_business_plan, "advisor_a"),
    "follow-up report": (_follow_up_report, "advisor_a"),
    "event": (_event, "advisor_a"),
    "event participation": (_participation, "advisor_a"),
    "committee meeting": (_committee_meeting, "admin_a"),
}


@pytest.fixture(params=list(EDIT_FORMS))
def edited(request, db):
    make, persona = EDIT_FORMS[request.param]
    with time_machine.travel(TODAY, tick=False):
        record, url, field = make(request)
    return record, url, field, request.getfixturevalue(persona)


def _read(record, field: str):
    return type(record).objects.values_list(field, flat=True).get(pk=record.pk)


@time_machine.travel(TODAY, tick=False)
def test_the_second_of_two_saves_from_the_same_version_is_refused(edited):
    record, url, field, user = edited
    first, second = login(user), login(user)
    first_data = form_on_page(first.get(url).content.decode())
    second_data = form_on_page(second.get(url).content.decode())
    assert first_data["lock_version"] == second_data["lock_version"] == [str(record.lock_version)]

    first_data[field] = ["一人目の入力"]
    saved = first.post(url, first_data)
    assert saved.status_code == 302, saved.content.decode()[:3000]

    second_data[field] = ["二人目の入力"]
    refused = second.post(url, second_data)
    assert refused.status_code == 409
    page = refused.content.decode()
    # Both versions, field by field; who changed it; the user's input kept to apply again.
    assert "ほかの人が先に保存しました" in page
    assert "一人目の入力" in page and "二人目の入力" in page
    assert user.display_name in page
    assert 'name="lock_version"' in page
    assert _read(record, field) == "一人目の入力"
    assert _read(record, "lock_version") == record.lock_version + 1

    # Re-applying from the conflict page's form is a deliberate save over the current version.
    again = form_on_page(page)
    assert again["lock_version"] == [str(record.lock_version + 1)]
    assert again[field] == ["二人目の入力"]
    assert second.post(url, again).status_code == 302
    assert _read(record, field) == "二人目の入力"


@time_machine.travel(TODAY, tick=False)
def test_a_post_without_a_version_writes_nothing(advisor_a, business_a):
    client = login(advisor_a)
    url = reverse("businesses:edit", args=[business_a.pk])
    data = form_on_page(client.get(url).content.decode())
    del data["lock_version"]
    data["representative"] = ["版のない送信"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "どの版" in response.content.decode()
    assert Business.objects.get(pk=business_a.pk).representative != "版のない送信"


def test_a_record_deleted_meanwhile_is_not_resurrected(business_a):
    stale = Business.objects.get(pk=business_a.pk)
    Business.objects.filter(pk=business_a.pk).delete()
    stale.representative = "古い版から"
    with pytest.raises(VersionConflict), transaction.atomic():
        stale.save()  # Django alone would INSERT the row again
    assert not Business.objects.filter(pk=business_a.pk).exists()


ADMIN_FORMS = {
    "department": (
        lambda org: Department.objects.create(organization=org, name="総務広報課（試験）"),
        "name",
    ),
    "district": (lambda org: District.objects.create(organization=org, name="芝地区"), "name_kana"),
    "start page settings": (
        lambda org: DashboardSettings.objects.create(organization=org),
        "innovation_plan_quota_per_staff",
    ),
}


@pytest.mark.parametrize("kind", list(ADMIN_FORMS))
def test_admin_change_forms_refuse_a_stale_save(kind, admin_a):
    make, field = ADMIN_FORMS[kind]
    row = make(admin_a.organization)
    meta = row._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
    first, second = login(admin_a), login(admin_a)
    first_data = form_on_page(first.get(url).content.decode())
    second_data = form_on_page(second.get(url).content.decode())
    first_value, second_value = ("7", "9") if field.endswith("staff") else ("しば", "シバ")
    first_data[field] = [first_value]
    assert first.post(url, first_data).status_code == 302
    second_data[field] = [second_value]
    refused = second.post(url, second_data)
    assert refused.status_code == 409
    assert str(_read(row, field)) == first_value


def test_the_meeting_edit_conflict_keeps_the_meeting(admin_a):
    """The committee's own action (close) also moves the version an open edit form carries."""
    meeting = make_meeting(build_seed_plan(admin_a.organization, admin_a), admin_a)
    stale = CommitteeMeeting.objects.get(pk=meeting.pk)
    fresh = CommitteeMeeting.objects.get(pk=meeting.pk)
    fresh.venue = "第一会議室"
    fresh.save()
    stale.venue = "第二会議室"
    with pytest.raises(VersionConflict, match="no longer current"), transaction.atomic():
        stale.save()
    assert CommitteeMeeting.objects.get(pk=meeting.pk).venue == "第一会議室"


def test_report_and_record_models_all_carry_a_version():
    for model in (SupportRecord, FollowUpReport, EventParticipation, Business, Event):
        assert model._meta.get_field("lock_version").default == 1


@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_saves_exactly_one_wins(business_a):
    """Two connections read version 1 and write at once: the database lets exactly one through.

    On PostgreSQL the second UPDATE waits for the first's row lock and then matches no row; on
    SQLite the write lock serialises them (BEGIN IMMEDIATE) with the same result.
    """
    ready = threading.Barrier(2, timeout=30)
    outcomes: list[tuple[str, str]] = []

    def save(representative: str) -> None:
        try:
            stale = Business.objects.get(pk=business_a.pk)
            ready.wait()  # both have read the same version before either writes
            with transaction.atomic():
                stale.representative = representative
                stale.save()
            outcomes.append(("saved", representative))
        except VersionConflict:
            outcomes.append(("refused", representative))
        except Exception as error:
            outcomes.append((f"error: {error!r}", representative))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("一人目", "二人目")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(kind for kind, _name in outcomes) == ["refused", "saved"], outcomes
    winner = next(name for kind, name in outcomes if kind == "saved")
    stored = Business.objects.get(pk=business_a.pk)
    assert (stored.representative, stored.lock_version) == (winner, 2)
