"""Services of the DX matching: each transition audited, bad input refused with nothing written."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bansou.audit.models import AuditEntry
from bansou.core.errors import DomainError
from bansou.dxmatch import services
from bansou.dxmatch.models import DxNeed, DxProposal, NeedRecipient, Vendor
from bansou.dxmatch.states import NeedStatus

from .conftest import make_need, propose

pytestmark = pytest.mark.django_db


def _actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type=obj._meta.label_lower, target_id=obj.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_need_from_registration_to_follow_up_is_audited_at_every_step(
    open_need, proposal_a, other_vendor, advisor_a, vendor_company, other_vendor_user
):
    other = propose(open_need, other_vendor, other_vendor_user, amount=980_000)
    assert open_need.fiscal_year == 2024 and open_need.sent_on == date(2024, 5, 10)
    assert open_need.in_territory is True and open_need.district_id is not None
    services.choose_proposal(open_need, other, day=date(2024, 6, 1), note="安い", actor=advisor_a)
    assert open_need.chosen and open_need.chosen_proposal == other
    services.check_quality(
        open_need, day=date(2024, 9, 1), checker="森田 修", note="良好", actor=advisor_a
    )
    services.record_follow_up(
        open_need, day=date(2024, 12, 1), note="残業が減った", actor=advisor_a
    )
    open_need.refresh_from_db()
    assert open_need.status == NeedStatus.FOLLOWED_UP
    assert _actions(open_need) == [
        "dxmatch.need.created",
        "dxmatch.need.sent",
        "dxmatch.need.chosen",
        "dxmatch.need.quality_checked",
        "dxmatch.need.followed_up",
    ]
    sent = AuditEntry.objects.get(action="dxmatch.need.sent", target_id=open_need.pk)
    assert "株式会社川口システム開発" in sent.changes["vendors"]["new"]
    assert _actions(proposal_a) == ["dxmatch.proposal.created"]


def test_sending_again_adds_vendors_and_keeps_the_first_day(open_need, advisor_a, chamber_a):
    third = Vendor.objects.create(organization=chamber_a, name="株式会社芝クラウドワークス")
    services.send_need(open_need, [third], day=date(2024, 7, 1), actor=advisor_a)
    open_need.refresh_from_db()
    assert open_need.sent_on == date(2024, 5, 10)  # the year it counts in does not move
    assert NeedRecipient.objects.filter(need=open_need).count() == 3
    with pytest.raises(DomainError, match="送付済み"):
        services.send_need(open_need, [third], day=date(2024, 7, 2), actor=advisor_a)
    with pytest.raises(DomainError):
        services.send_need(open_need, [], day=date(2024, 7, 2), actor=advisor_a)


def test_a_vendor_cannot_propose_for_a_need_not_sent_to_it(
    business_a, advisor_a, vendor_a, vendor_company
):
    unsent = make_need(business_a, advisor_a, title="送っていない")
    proposal = DxProposal(need=unsent, vendor=vendor_company, summary="x", description="y",
                          amount=1)  # fmt: skip
    with pytest.raises(DomainError, match="送付されていません"):
        services.submit_proposal(unsent, vendor_company, proposal, actor=vendor_a, day=date.today())
    assert not DxProposal.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="dxmatch.proposal").exists()


def test_proposals_close_when_a_choice_is_made(open_need, proposal_a, advisor_a, vendor_a,
                                               other_vendor, other_vendor_user):  # fmt: skip
    services.choose_proposal(open_need, proposal_a, day=date(2024, 6, 1), note="", actor=advisor_a)
    with pytest.raises(DomainError, match="受付は終了"):
        propose(open_need, other_vendor, other_vendor_user)
    proposal_a.amount = 1
    with pytest.raises(DomainError, match="受付は終了"):
        services.submit_proposal(
            open_need, proposal_a.vendor, proposal_a, actor=vendor_a, day=date(2024, 6, 2)
        )
    assert DxProposal.objects.get(pk=proposal_a.pk).amount == 1_200_000


def test_choosing_a_proposal_of_another_need_is_refused(
    open_need, proposal_a, business_a, advisor_a, vendor_company, vendor_a
):
    second = make_need(business_a, advisor_a, title="別のニーズ")
    services.send_need(second, [vendor_company], day=date(2024, 5, 11), actor=advisor_a)
    second.refresh_from_db()
    with pytest.raises(DomainError, match="別のニーズ"):
        services.choose_proposal(second, proposal_a, day=date(2024, 6, 1), note="", actor=advisor_a)
    second.refresh_from_db()
    assert second.status == NeedStatus.OPEN and second.chosen_proposal is None
    assert "dxmatch.need.chosen" not in _actions(second)


def test_a_negative_quote_is_refused(open_need, vendor_company, vendor_a):
    proposal = DxProposal(need=open_need, vendor=vendor_company, summary="x", description="y",
                          amount=-5)  # fmt: skip
    with pytest.raises(DomainError, match="マイナス"):
        services.submit_proposal(
            open_need, vendor_company, proposal, actor=vendor_a, day=date(2024, 5, 20)
        )
    assert not DxProposal.objects.exists()


def test_declining_needs_a_reason_and_withdrawing_too(open_need, advisor_a):
    with pytest.raises(DomainError):
        services.decline_all(open_need, day=date(2024, 6, 1), reason="  ", actor=advisor_a)
    assert DxNeed.objects.get(pk=open_need.pk).status == NeedStatus.OPEN
    services.decline_all(open_need, day=date(2024, 6, 1), reason="予算超過", actor=advisor_a)
    assert open_need.status == NeedStatus.NOT_CHOSEN
    with pytest.raises(DomainError, match="選定なし"):
        services.withdraw(open_need, reason="x", actor=advisor_a)


def test_an_attached_quote_is_kept_and_too_large_ones_refused(open_need, vendor_company, vendor_a):
    proposal = DxProposal(need=open_need, vendor=vendor_company, summary="x", description="y",
                          amount=10)  # fmt: skip
    big = SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1), "application/pdf")
    with pytest.raises(DomainError, match="10MB"):
        services.submit_proposal(
            open_need, vendor_company, proposal, actor=vendor_a, upload=big, day=date(2024, 5, 20)
        )
    assert not DxProposal.objects.exists()
    small = SimpleUploadedFile("見積書.pdf", b"%PDF quote", "application/pdf")
    services.submit_proposal(
        open_need, vendor_company, proposal, actor=vendor_a, upload=small, day=date(2024, 5, 20)
    )
    assert proposal.attachment_name == "見積書.pdf"
    assert bytes(proposal.attachment.content) == b"%PDF quote"


def test_an_analysis_of_another_business_is_refused(business_a, advisor_a, chamber_a, district_a):
    from bansou.analysis.models import BusinessAnalysis
    from bansou.testing import make_business

    other = make_business(chamber_a, district_a, name="別の事業者", name_kana="ベツ")
    analysis = BusinessAnalysis(business=other, staff=advisor_a, analysed_on=date(2024, 4, 20))
    analysis.capture_business_facts()
    analysis.save()
    need = DxNeed(business=business_a, staff=advisor_a, title="t", description="d",
                  opened_on=date(2024, 5, 1), analysis=analysis)  # fmt: skip
    with pytest.raises(DomainError):
        services.create_need(need, actor=advisor_a)
    assert not DxNeed.objects.exists()
