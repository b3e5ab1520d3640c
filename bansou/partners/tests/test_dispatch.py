"""Caps, bad input, the expert's visibility, the partner counts and the board's queries."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bansou.audit.models import AuditEntry
from bansou.businesses.models import Business
from bansou.core.errors import DomainError
from bansou.evaluation.engine.kinds import get_kind
from bansou.partners import board, services
from bansou.partners.models import DispatchCase, DispatchVisit, Referral, ReferralStatus
from bansou.support.models import SupportRecord
from bansou.testing import login, make_business

from .factories import make_case, make_expert, make_partner, make_referral, programmes

pytestmark = pytest.mark.django_db


def _book(case, n, staff, start=date(2024, 6, 1)):
    return [
        services.book_visit(
            case, visited_on=start + timedelta(days=7 * i), staff=staff, actor=staff
        )
        for i in range(n)
    ]


def test_the_sixth_visit_of_the_short_programme_is_refused(case_a, coordinator_a):
    services.book_visit(
        case_a,
        visited_on=date(2024, 5, 25),
        staff=coordinator_a,
        pre_hearing=True,
        actor=coordinator_a,
    )
    visits = _book(case_a, 5, coordinator_a)
    assert [v.number for v in visits] == [1, 2, 3, 4, 5]
    with pytest.raises(DomainError) as refused:
        services.book_visit(
            case_a, visited_on=date(2024, 8, 1), staff=coordinator_a, actor=coordinator_a
        )
    assert refused.value.code == "cap"
    assert "元気アシストプログラム" in refused.value.message and "5" in refused.value.message
    assert DispatchVisit.objects.filter(case=case_a).count() == 6  # pre-hearing + 5, nothing more


def test_moving_to_the_long_programme_allows_up_to_ten(case_a, coordinator_a):
    _book(case_a, 5, coordinator_a)
    case_a.refresh_from_db()
    case_a.programme = programmes(case_a.organization)["cho_genki"]
    services.update_case(case_a, actor=coordinator_a)
    more = _book(case_a, 5, coordinator_a, start=date(2024, 9, 1))
    assert [v.number for v in more] == [6, 7, 8, 9, 10]
    assert {v.programme.code for v in more} == {"cho_genki"}
    with pytest.raises(DomainError, match="10"):
        services.book_visit(
            case_a, visited_on=date(2025, 1, 1), staff=coordinator_a, actor=coordinator_a
        )


def test_a_case_cannot_move_back_to_a_programme_its_visits_exceed(case_a, coordinator_a):
    case_a.programme = programmes(case_a.organization)["cho_genki"]
    services.update_case(case_a, actor=coordinator_a)
    _book(case_a, 6, coordinator_a)
    case_a.refresh_from_db()
    case_a.programme = programmes(case_a.organization)["genki"]
    with pytest.raises(DomainError, match="5"):
        services.update_case(case_a, actor=coordinator_a)
    case_a.refresh_from_db()
    assert case_a.programme.code == "cho_genki"


def test_an_uncapped_menu_books_on(case_a, coordinator_a):
    case_a.programme = programmes(case_a.organization)["factory"]
    services.update_case(case_a, actor=coordinator_a)
    assert _book(case_a, 12, coordinator_a)[-1].number == 12


def test_one_pre_hearing_per_case(case_a, coordinator_a):
    services.book_visit(
        case_a,
        visited_on=date(2024, 5, 25),
        staff=coordinator_a,
        pre_hearing=True,
        actor=coordinator_a,
    )
    with pytest.raises(DomainError, match="事前ヒアリング"):
        services.book_visit(
            case_a,
            visited_on=date(2024, 5, 26),
            staff=coordinator_a,
            pre_hearing=True,
            actor=coordinator_a,
        )


# Bad input through the screens: a clear Japanese message and nothing written -------------


def test_a_visit_before_the_case_opened_is_refused(client, case_a, coordinator_a):
    client = login(coordinator_a)
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("partners:visit_book", args=[case_a.pk]),
        {"kind": "visit", "visited_on": "R6.5.1", "staff": coordinator_a.pk},
    )
    assert response.status_code == 200
    assert "案件の受付日" in response.content.decode()
    assert not DispatchVisit.objects.filter(case=case_a).exists()
    assert AuditEntry.objects.count() == before


def test_an_expert_of_another_chamber_is_refused(case_a, coordinator_a, chamber_b):
    foreign = make_expert(chamber_b, name="他所の専門家")
    client = login(coordinator_a)
    response = client.post(
        reverse("partners:visit_book", args=[case_a.pk]),
        {"kind": "visit", "visited_on": "R6.6.1", "staff": coordinator_a.pk, "expert": foreign.pk},
    )
    assert "この商工会議所の専門家を選んでください" in response.content.decode()
    assert not DispatchVisit.objects.filter(case=case_a).exists()
    with pytest.raises(DomainError):  # and the service refuses it too
        services.book_visit(
            case_a,
            visited_on=date(2024, 6, 1),
            staff=coordinator_a,
            expert=foreign,
            actor=coordinator_a,
        )
    assert not DispatchVisit.objects.filter(case=case_a).exists()


def test_a_visit_beyond_the_cap_through_the_screen(case_a, coordinator_a):
    _book(case_a, 5, coordinator_a)
    client = login(coordinator_a)
    response = client.post(
        reverse("partners:visit_book", args=[case_a.pk]),
        {"kind": "visit", "visited_on": "R6.12.1", "staff": coordinator_a.pk},
    )
    assert "5回まで" in response.content.decode()
    assert DispatchVisit.objects.filter(case=case_a).count() == 5


def test_accepting_before_the_request_is_refused(business_a, coordinator_a):
    referral = make_referral(business_a, coordinator_a, make_partner(business_a.organization))
    client = login(coordinator_a)
    response = client.post(
        reverse("partners:referral_accept", args=[referral.pk]),
        {"opened_on": "R6.4.1", "coordinator": coordinator_a.pk, "staff": coordinator_a.pk},
    )
    assert "支援要請の受付日" in response.content.decode()
    assert not DispatchCase.objects.exists()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


# The expert's visibility ------------------------------------------------------------------


def test_an_expert_sees_the_businesses_of_their_cases_only(
    business_a, coordinator_a, expert_a, other_expert_a, district_a
):
    other = make_business(business_a.organization, district_a, name="別の事業者", name_kana="ベツ")
    own_profile = make_expert(business_a.organization, user=expert_a)
    assert not Business.objects.for_user(expert_a).exists()
    make_case(business_a, coordinator_a, expert=own_profile)
    assert list(Business.objects.for_user(expert_a)) == [business_a]
    assert not Business.objects.for_user(other_expert_a).exists()
    # and the records of that business (a support record), but none of the other business
    record = SupportRecord(
        business=business_a,
        staff=coordinator_a,
        occurred_at=timezone.make_aware(datetime(2024, 6, 1, 10, 0)),
        channel="visit",
    )
    record.capture_business_facts()
    record.save()
    assert list(SupportRecord.objects.for_user(expert_a)) == [record]
    assert other not in Business.objects.for_user(expert_a)
    # pages: the business and the case open, the other business is 404
    client = login(expert_a)
    assert client.get(reverse("businesses:detail", args=[business_a.pk])).status_code == 200
    assert client.get(reverse("businesses:detail", args=[other.pk])).status_code == 404


def test_an_expert_books_and_reports_on_their_own_case(case_a, expert_a, coordinator_a):
    case_a.refresh_from_db()
    client = login(expert_a)
    response = client.post(
        reverse("partners:visit_book", args=[case_a.pk]),
        {"kind": "visit", "visited_on": "R6.6.3", "staff": coordinator_a.pk},
    )
    assert response.status_code == 302
    visit = DispatchVisit.objects.get(case=case_a)
    assert visit.expert.user == expert_a and visit.number == 1


# Partner counts and record kinds ----------------------------------------------------------


def test_joint_support_counts_per_partner_and_year(business_a, coordinator_a):
    org = business_a.organization
    bank = make_partner(org, "川口信用金庫")
    tax = make_partner(org, "関東信越税理士会川口支部", "professional")
    for day in (date(2024, 5, 1), date(2024, 11, 1), date(2025, 4, 2)):
        make_case(business_a, coordinator_a, partner=bank, opened_on=day + timedelta(days=30))
        Referral.objects.filter(partner=bank, status="accepted").update()
    # a received and a declined request do not count
    make_referral(business_a, coordinator_a, tax)
    declined = make_referral(business_a, coordinator_a, tax)
    services.decline_referral(declined, reason="対象外", on=date(2024, 6, 1), actor=coordinator_a)
    rows, totals = board.partner_counts(org.pk, [2024, 2025])
    by_name = {row.partner.name: row.counts for row in rows}
    # make_case's requests are all dated 2024-05-10 (FY2024)
    assert by_name == {"川口信用金庫": [3, 0], "関東信越税理士会川口支部": [0, 0]}
    assert totals == [3, 0]
    client = login(coordinator_a)
    page = client.get(reverse("partners:counts")).content.decode()
    assert "川口信用金庫" in page


def test_record_kinds_are_registered_and_resolve():
    for code, fields in {
        "referral": {"partner", "partner_kind", "status"},
        "expert_visit": {"programme", "visit_number", "is_pre_hearing", "expert_kind"},
    }.items():
        kind = get_kind(code)
        assert kind.is_available()
        assert fields <= set(kind.all_fields())
        assert {"district", "in_territory", "is_small"} <= set(kind.all_fields())


def test_visits_capture_the_business_facts(case_a, coordinator_a, business_a):
    visit = _book(case_a, 1, coordinator_a)[0]
    assert visit.district_id == business_a.district_id
    assert visit.is_small == business_a.is_small and visit.fiscal_year == 2024


# The coordinator's screen -------------------------------------------------------------------


def _many_cases(business, staff, expert, n):
    for i in range(n):
        case = make_case(business, staff, expert=expert, opened_on=date(2024, 5, 20))
        if i % 2:
            services.book_visit(
                case, visited_on=date.today() + timedelta(days=i + 1), staff=staff, actor=staff
            )
        make_referral(business, staff, make_partner(business.organization, f"連携先{i % 3}"))


@pytest.mark.parametrize("n", [2, 12])
def test_the_board_runs_a_constant_number_of_queries(
    n, business_a, coordinator_a, expert_profile, django_assert_max_num_queries
):
    _many_cases(business_a, coordinator_a, expert_profile, n)
    client = login(coordinator_a)
    client.get(reverse("partners:board"))  # session and caches warm
    with django_assert_max_num_queries(14):
        response = client.get(reverse("partners:board"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "高倉 徹" in page
    assert page.count("partners/cases/") >= 0


def test_board_lists_are_right(business_a, coordinator_a, expert_profile):
    today = date.today()
    stalled = make_case(
        business_a, coordinator_a, expert=expert_profile, opened_on=date(2024, 5, 20)
    )
    planned = make_case(
        business_a, coordinator_a, expert=expert_profile, opened_on=date(2024, 5, 20)
    )
    services.book_visit(
        planned, visited_on=today + timedelta(days=3), staff=coordinator_a, actor=coordinator_a
    )
    stepped = make_case(
        business_a, coordinator_a, expert=expert_profile, opened_on=date(2024, 5, 20)
    )
    stepped.next_step, stepped.next_step_on = "決算書を受け取る", today + timedelta(days=5)
    stepped.save()
    result = board.build_board(business_a.organization_id, today)
    assert [c.pk for c in result.stalled] == [stalled.pk]
    assert [v.case_id for v in result.next_visits] == [planned.pk]
    assert result.open_case_count == 3
    assert [(e.name, e.open_cases, e.booked) for e in result.experts] == [("高倉 徹", 3, 1)]


@pytest.mark.parametrize("n", [1, 8])
def test_case_page_queries_do_not_grow(n, case_a, coordinator_a, django_assert_max_num_queries):
    _book(case_a, min(n, 5), coordinator_a)
    client = login(coordinator_a)
    client.get(reverse("partners:case_detail", args=[case_a.pk]))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("partners:case_detail", args=[case_a.pk])).status_code == 200


def test_the_business_timeline_shows_visits_and_referrals(case_a, coordinator_a, business_a):
    visit = _book(case_a, 1, coordinator_a)[0]
    visit.report = "価格表の見直しを提案"
    visit.save()
    page = (
        login(coordinator_a)
        .get(reverse("businesses:detail", args=[business_a.pk]))
        .content.decode()
    )
    assert "価格表の見直しを提案" in page
    assert "川口信用金庫" in page


def test_a_report_with_a_file_is_stored_and_served(case_a, coordinator_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    visit = _book(case_a, 1, coordinator_a)[0]
    client = login(coordinator_a)
    response = client.post(
        reverse("partners:visit_edit", args=[visit.pk]),
        {
            "visited_on": "R6.6.1",
            "staff": coordinator_a.pk,
            "status": "done",
            "work_done": "現状把握",
            "report": "販路の整理",
            "lock_version": visit.lock_version,
            "report_upload": SimpleUploadedFile(
                "診断報告書.pdf", b"%PDF-1.4 demo", "application/pdf"
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    visit.refresh_from_db()
    assert visit.status == "done" and visit.report_file_name == "診断報告書.pdf"
    download = client.get(reverse("partners:visit_file", args=[visit.pk]))
    assert download.content == b"%PDF-1.4 demo"
