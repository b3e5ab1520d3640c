"""Screens: the chamber's needs and vendors, the vendor's inbox; who sees what; bad input;
a constant number of queries per page."""

from datetime import date

import pytest
from django.urls import reverse

from bansou.accounts.models import Role
from bansou.audit.models import AuditEntry
from bansou.dxmatch import services
from bansou.dxmatch.models import DxNeed, DxProposal, Vendor
from bansou.dxmatch.states import NeedStatus
from bansou.testing import MALFORMED_IDS, count_queries, login, make_business, make_user

from .conftest import make_need, propose

pytestmark = pytest.mark.django_db


def _needs(business, staff, vendors, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        need = make_need(business, staff, title=f"ニーズ{n}")
        services.send_need(need, vendors, day=date(2024, 6, 1), actor=staff)


def test_the_staff_pages_show_the_need_its_recipients_and_proposals(
    open_need, proposal_a, advisor_a, other_vendor, other_vendor_user
):
    propose(open_need, other_vendor, other_vendor_user, amount=1_050_000)
    client = login(advisor_a)
    page = client.get(reverse("dxmatch:detail", args=[open_need.pk])).content.decode()
    assert "1,200,000円" in page and "1,050,000円" in page
    assert "株式会社川口システム開発" in page and "有限会社鋳物町ITサポート" in page
    assert "最安" in page and "事業者がこの提案を選定" in page
    listing = client.get(reverse("dxmatch:list")).content.decode()
    assert "受発注を一元管理したい" in listing and "提案受付中" in listing
    assert "令和6年度のマッチング件数" in listing
    vendors = client.get(reverse("dxmatch:vendors")).content.decode()
    assert "株式会社川口システム開発" in vendors


def test_the_business_timeline_shows_its_dx_needs(open_need, advisor_a):
    page = login(advisor_a).get(reverse("businesses:detail", args=[open_need.business_id]))
    assert "受発注を一元管理したい" in page.content.decode()
    assert reverse("dxmatch:detail", args=[open_need.pk]) in page.content.decode()


def test_staff_choose_with_the_form_and_a_proposal_of_another_need_is_refused(
    open_need, proposal_a, business_a, advisor_a, vendor_company, vendor_a
):
    second = make_need(business_a, advisor_a, title="別件")
    services.send_need(second, [vendor_company], day=date(2024, 6, 1), actor=advisor_a)
    client = login(advisor_a)
    refused = client.post(
        reverse("dxmatch:choose", args=[second.pk]),
        {"proposal": proposal_a.pk, "day": "R6.6.10"},
    )
    assert refused.status_code == 200
    assert "この提案は別のニーズに対するものです。" in refused.content.decode()
    assert DxNeed.objects.get(pk=second.pk).status == NeedStatus.OPEN
    chosen = client.post(
        reverse("dxmatch:choose", args=[open_need.pk]),
        {"proposal": proposal_a.pk, "day": "令和6年6月10日"},
    )
    assert chosen.status_code == 302
    open_need.refresh_from_db()
    assert open_need.chosen_proposal == proposal_a and open_need.decided_on == date(2024, 6, 10)


@pytest.mark.parametrize("value", MALFORMED_IDS)
def test_a_malformed_proposal_id_is_404(open_need, advisor_a, value):
    response = login(advisor_a).post(
        reverse("dxmatch:choose", args=[open_need.pk]), {"proposal": value, "day": "2024-06-10"}
    )
    assert response.status_code in (200, 404)  # the form refuses it, or the id names nothing
    assert DxNeed.objects.get(pk=open_need.pk).status == NeedStatus.OPEN


def test_the_vendor_sees_only_the_needs_sent_to_it(
    open_need, proposal_a, vendor_a, business_a, advisor_a, other_vendor, other_vendor_user
):
    unsent = make_need(business_a, advisor_a, title="未送付のニーズ")
    elsewhere = make_need(business_a, advisor_a, title="他社だけのニーズ")
    services.send_need(elsewhere, [other_vendor], day=date(2024, 6, 1), actor=advisor_a)
    rival = propose(open_need, other_vendor, other_vendor_user, amount=777_000)
    client = login(vendor_a)
    home = client.get(reverse("core:home"))
    assert home.status_code == 302 and home["Location"] == reverse("dxmatch:inbox")
    inbox = client.get(reverse("dxmatch:inbox")).content.decode()
    assert "受発注を一元管理したい" in inbox
    assert "未送付のニーズ" not in inbox and "他社だけのニーズ" not in inbox
    assert "1,200,000円" in inbox
    page = client.get(reverse("dxmatch:inbox_need", args=[open_need.pk])).content.decode()
    assert "1,200,000円" in page
    assert "777,000" not in page and "鋳物町" not in page  # never another vendor's proposal
    assert business_a.name not in page  # named only once its proposal is chosen
    for need in (unsent, elsewhere):
        for name in ("dxmatch:inbox_need", "dxmatch:proposal", "dxmatch:inbox_attachment"):
            assert client.get(reverse(name, args=[need.pk])).status_code == 404
    # The chamber's pages and the register stay closed.
    for url in (
        reverse("dxmatch:list"),
        reverse("dxmatch:detail", args=[open_need.pk]),
        reverse("dxmatch:attachment", args=[rival.pk]),
        reverse("businesses:list"),
        reverse("businesses:detail", args=[business_a.pk]),
    ):
        assert client.get(url).status_code == 403, url
    services.choose_proposal(open_need, proposal_a, day=date(2024, 6, 10), note="", actor=advisor_a)
    page = client.get(reverse("dxmatch:inbox_need", args=[open_need.pk])).content.decode()
    assert business_a.name in page and "商工会議所からご紹介します" in page


def test_a_forged_need_id_writes_nothing(open_need, vendor_a, business_a, advisor_a):
    unsent = make_need(business_a, advisor_a, title="未送付")
    client = login(vendor_a)
    response = client.post(
        reverse("dxmatch:proposal", args=[unsent.pk]),
        {"summary": "x", "description": "y", "amount": "100"},
    )
    assert response.status_code == 404
    assert not DxProposal.objects.exists()


def test_quotes_take_commas_and_full_width_digits_and_refuse_negatives(open_need, vendor_a):
    client = login(vendor_a)
    url = reverse("dxmatch:proposal", args=[open_need.pk])
    negative = client.post(url, {"summary": "x", "description": "y", "amount": "▲100"})
    assert negative.status_code == 200
    assert "見積額にマイナスは入力できません。" in negative.content.decode()
    assert not DxProposal.objects.exists()
    ok = client.post(
        url, {"summary": "在庫管理", "description": "導入", "amount": "１，２３４，０００",
              "monthly_fee": "5,500"},
    )  # fmt: skip
    assert ok.status_code == 302
    proposal = DxProposal.objects.get()
    assert (proposal.amount, proposal.monthly_fee) == (1_234_000, 5_500)
    # Changing it while open keeps one proposal per vendor and carries its version.
    edited = client.post(
        url,
        {"summary": "在庫管理", "description": "導入", "amount": "1,000,000",
         "lock_version": proposal.lock_version},
    )  # fmt: skip
    assert edited.status_code == 302
    assert DxProposal.objects.get().amount == 1_000_000
    assert list(
        AuditEntry.objects.filter(action__startswith="dxmatch.proposal")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == ["dxmatch.proposal.created", "dxmatch.proposal.updated"]


def test_another_chamber_gets_404(open_need, proposal_a, chamber_b):
    advisor_b = make_user(chamber_b, Role.ADVISOR, "b-advisor")
    vendor_b_user = make_user(chamber_b, Role.VENDOR, "b-vendor")
    from bansou.dxmatch.models import VendorAccount

    vendor_b = Vendor.objects.create(organization=chamber_b, name="株式会社川口システム開発")
    VendorAccount.objects.create(organization=chamber_b, vendor=vendor_b, user=vendor_b_user)
    client = login(advisor_b)
    for url in (
        reverse("dxmatch:detail", args=[open_need.pk]),
        reverse("dxmatch:send", args=[open_need.pk]),
        reverse("dxmatch:attachment", args=[proposal_a.pk]),
        reverse("dxmatch:vendor_edit", args=[proposal_a.vendor_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        login(vendor_b_user).get(reverse("dxmatch:inbox_need", args=[open_need.pk])).status_code
        == 404
    )


def test_a_vendor_account_without_a_company_is_told_so(chamber_a):
    user = make_user(chamber_a, Role.VENDOR, "lonely-vendor")
    response = login(user).get(reverse("dxmatch:inbox"))
    assert response.status_code == 404
    assert "紐づいていません" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "persona"),
    [
        ("dxmatch:list", "advisor_a"),
        ("dxmatch:vendors", "advisor_a"),
        ("dxmatch:detail", "advisor_a"),
        ("dxmatch:inbox", "vendor_a"),
        ("businesses:detail", "advisor_a"),
    ],
)
def test_pages_run_a_constant_number_of_queries(
    name, persona, request, business_a, advisor_a, vendor_company, other_vendor,
    other_vendor_user, vendor_a,
):  # fmt: skip
    _needs(business_a, advisor_a, [vendor_company, other_vendor], 2)
    first = DxNeed.objects.order_by("pk").first()
    propose(first, other_vendor, other_vendor_user)
    user = request.getfixturevalue(persona)
    client = login(user)

    def url():
        if name == "dxmatch:detail":
            return reverse(name, args=[first.pk])
        if name == "businesses:detail":
            return reverse(name, args=[business_a.pk])
        return reverse(name)

    assert client.get(url()).status_code == 200
    few = count_queries(lambda: client.get(url()))
    _needs(business_a, advisor_a, [vendor_company, other_vendor], 6, start=2)
    propose(first, vendor_company, vendor_a)
    for n in range(4):
        extra = Vendor.objects.create(organization=business_a.organization, name=f"追加{n}")
        services.send_need(first, [extra], day=date(2024, 6, 2), actor=advisor_a)
        propose(first, extra, other_vendor_user)
    more = count_queries(lambda: client.get(url()))
    assert more == few, (few, more)


def test_need_create_registers_then_offers_sending(advisor_a, business_a, vendor_company):
    client = login(advisor_a)
    search = client.get(reverse("dxmatch:create"), {"q": "アオバ"})
    assert business_a.name in search.content.decode()
    created = client.post(
        reverse("dxmatch:create"),
        {"business": business_a.pk, "title": "在庫を減らしたい", "description": "欠品が多い",
         "budget": "１,０００,０００"},
    )  # fmt: skip
    need = DxNeed.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse(
        "dxmatch:send", args=[need.pk]
    )
    assert need.budget == 1_000_000 and need.status == NeedStatus.DRAFT and need.fiscal_year is None
    sent = client.post(
        reverse("dxmatch:send", args=[need.pk]), {"vendors": [vendor_company.pk], "day": "R6.7.1"}
    )
    assert sent.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.fiscal_year) == (NeedStatus.OPEN, 2024)
    nothing = client.post(reverse("dxmatch:send", args=[need.pk]), {"day": "R6.7.2"})
    assert nothing.status_code == 200 and need.recipients.count() == 1


def test_another_business_of_another_chamber_cannot_be_chosen(advisor_a, chamber_b):
    foreign = make_business(chamber_b, None, name="さくら食堂", name_kana="サクラ")
    response = login(advisor_a).get(reverse("dxmatch:create"), {"business": foreign.pk})
    assert response.status_code == 404
