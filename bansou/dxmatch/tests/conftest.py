"""A need of chamber A's business_a, sent to vendor_a's company, with its proposal."""

from datetime import date

import pytest

from bansou.dxmatch import services
from bansou.dxmatch.models import DxNeed, DxProposal, Vendor
from bansou.testing import make_user


@pytest.fixture
def vendor_company(vendor_a) -> Vendor:
    return vendor_a.vendor_account.vendor


@pytest.fixture
def other_vendor(chamber_a) -> Vendor:
    return Vendor.objects.create(organization=chamber_a, name="有限会社鋳物町ITサポート")


@pytest.fixture
def other_vendor_user(other_vendor):
    from bansou.accounts.models import Role
    from bansou.dxmatch.models import VendorAccount

    user = make_user(other_vendor.organization, Role.VENDOR, "vendor-a2")
    VendorAccount.objects.create(
        organization=other_vendor.organization, vendor=other_vendor, user=user
    )
    return user


def make_need(business, staff, title="受発注を一元管理したい") -> DxNeed:
    need = DxNeed(
        business=business, staff=staff, title=title, description="紙の台帳をやめたい",
        opened_on=date(2024, 5, 1),
    )  # fmt: skip
    return services.create_need(need, actor=staff)


def propose(need, vendor, user, amount=1_200_000) -> DxProposal:
    proposal = DxProposal(
        need=need, vendor=vendor, summary="受発注システム", description="導入と研修", amount=amount
    )
    return services.submit_proposal(need, vendor, proposal, actor=user, day=date(2024, 5, 20))


@pytest.fixture
def draft_need(business_a, advisor_a) -> DxNeed:
    return make_need(business_a, advisor_a)


@pytest.fixture
def open_need(draft_need, vendor_company, other_vendor, advisor_a) -> DxNeed:
    services.send_need(
        draft_need, [vendor_company, other_vendor], day=date(2024, 5, 10), actor=advisor_a
    )
    draft_need.refresh_from_db()
    return draft_need


@pytest.fixture
def proposal_a(open_need, vendor_company, vendor_a) -> DxProposal:
    return propose(open_need, vendor_company, vendor_a)
