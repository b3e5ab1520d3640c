"""The other screens: programmes, a too-large report file, and constant queries on the lists."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bansou.partners import forms as partner_forms
from bansou.partners import services
from bansou.partners.models import DispatchProgramme, DispatchVisit
from bansou.testing import login

from .factories import make_case, make_partner, make_referral, programmes

pytestmark = pytest.mark.django_db


def test_a_chamber_sets_its_programme_cap(case_a, coordinator_a):
    genki = programmes(case_a.organization)["genki"]
    client = login(coordinator_a)
    response = client.post(
        reverse("partners:programme_edit", args=[genki.pk]),
        {
            "name": genki.name,
            "max_visits": "３",
            "description": "",
            "is_active": "on",
            "sort_order": "0",
            "lock_version": genki.lock_version,
        },
    )
    assert response.status_code == 302
    assert DispatchProgramme.objects.get(pk=genki.pk).max_visits == 3
    for day in (1, 2, 3):
        services.book_visit(
            case_a, visited_on=date(2024, 6, day), staff=coordinator_a, actor=coordinator_a
        )
    page = client.post(
        reverse("partners:visit_book", args=[case_a.pk]),
        {"kind": "visit", "visited_on": "R6.6.9", "staff": coordinator_a.pk},
    ).content.decode()
    assert "3回まで" in page
    assert DispatchVisit.objects.filter(case=case_a).count() == 3


def test_a_report_file_over_the_limit_is_refused(case_a, coordinator_a, monkeypatch):
    monkeypatch.setattr(partner_forms, "REPORT_FILE_MAX_MB", 0)
    visit = services.book_visit(
        case_a, visited_on=date(2024, 6, 1), staff=coordinator_a, actor=coordinator_a
    )
    response = login(coordinator_a).post(
        reverse("partners:visit_edit", args=[visit.pk]),
        {
            "visited_on": "R6.6.1",
            "staff": coordinator_a.pk,
            "status": "done",
            "lock_version": visit.lock_version,
            "report_upload": SimpleUploadedFile("big.pdf", b"x" * 10, "application/pdf"),
        },
    )
    assert "MBを超えています" in response.content.decode()
    visit.refresh_from_db()
    assert visit.report_file is None and visit.status == "booked"


def _fill(business, staff, expert, n):
    for i in range(n):
        make_case(business, staff, expert=expert)
        make_referral(business, staff, make_partner(business.organization, f"連携先{i}"))


@pytest.mark.parametrize(
    "name",
    ["partner_list", "counts", "referral_list", "case_list", "expert_list", "programme_list"],
)
def test_lists_run_a_constant_number_of_queries(
    name, business_a, coordinator_a, expert_profile, django_assert_max_num_queries
):
    client = login(coordinator_a)
    url = reverse(f"partners:{name}")
    _fill(business_a, coordinator_a, expert_profile, 2)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    _fill(business_a, coordinator_a, expert_profile, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_other_experts_see_no_case(case_a, other_expert_a, expert_a):
    assert (
        login(other_expert_a)
        .get(reverse("partners:case_list"))
        .content.decode()
        .count(case_a.business.name)
        == 0
    )
    assert (
        case_a.business.name in login(expert_a).get(reverse("partners:case_list")).content.decode()
    )


def test_only_the_last_booking_can_be_cancelled(case_a, coordinator_a):
    first, second = (
        services.book_visit(
            case_a, visited_on=date(2024, 6, day), staff=coordinator_a, actor=coordinator_a
        )
        for day in (1, 8)
    )
    client = login(coordinator_a)
    page = client.post(reverse("partners:visit_cancel", args=[first.pk]), follow=True)
    assert "後の訪問を先に取り消してください" in page.content.decode()
    assert DispatchVisit.objects.filter(case=case_a).count() == 2
    client.post(reverse("partners:visit_cancel", args=[second.pk]))
    assert list(DispatchVisit.objects.filter(case=case_a).values_list("number", flat=True)) == [1]
    # the freed slot is booked again with the same number
    again = services.book_visit(
        case_a, visited_on=date(2024, 6, 15), staff=coordinator_a, actor=coordinator_a
    )
    assert again.number == 2
