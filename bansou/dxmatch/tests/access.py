"""Access decisions for the DX matching: the chamber's staff run it, the vendor persona
(vendor_a) reaches only the needs sent to its company; everyone else is refused."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bansou.dxmatch import services
from bansou.dxmatch.models import DxNeed, DxProposal, Vendor
from bansou.testing import CHAMBER_OBJECT

STAFF_NEED_PAGES = ("detail", "edit", "send", "choose", "decline", "quality", "follow_up",
                    "withdraw")  # fmt: skip
DECISIONS = ("choose", "decline", "quality", "follow_up", "withdraw")
VENDOR_PAGES = ("inbox_need", "proposal", "inbox_attachment")

OBJECTS = {
    **{f"dxmatch:{name}": CHAMBER_OBJECT for name in STAFF_NEED_PAGES},
    **{f"dxmatch:{name}": CHAMBER_OBJECT for name in VENDOR_PAGES},
    "dxmatch:attachment": CHAMBER_OBJECT,
    "dxmatch:vendor_edit": CHAMBER_OBJECT,
}
POST_ONLY = {f"dxmatch:{name}" for name in DECISIONS}
# An empty form is shown again with its errors (200) to those who may post; nothing is written.
POST = {
    **{f"dxmatch:{name}": {} for name in DECISIONS},
    "dxmatch:proposal": {},
    "dxmatch:vendor_create": {},
}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    staff = request.getfixturevalue("advisor_a")
    vendor_user = request.getfixturevalue("vendor_a")
    vendor = vendor_user.vendor_account.vendor
    org = business.organization
    need = DxNeed.objects.filter(organization=org, title="アクセス確認").first()
    if need is None:
        need = services.create_need(
            DxNeed(business=business, staff=staff, title="アクセス確認", description="確認",
                   opened_on=date(2024, 5, 1)),
            actor=staff,
        )  # fmt: skip
        services.send_need(need, [vendor], day=date(2024, 5, 2), actor=staff)
        need.refresh_from_db()
        proposal = DxProposal(need=need, vendor=vendor, summary="提案", description="内容",
                              amount=100_000)  # fmt: skip
        upload = SimpleUploadedFile("見積書.pdf", b"%PDF-1.4 quote", "application/pdf")
        services.submit_proposal(
            need, vendor, proposal, actor=vendor_user, upload=upload, day=date(2024, 5, 3)
        )
    proposal = DxProposal.objects.get(need=need, vendor=vendor)
    pk = {"pk": need.pk}
    built = {f"dxmatch:{name}": reverse(f"dxmatch:{name}", kwargs=pk) for name in STAFF_NEED_PAGES}
    built |= {f"dxmatch:{name}": reverse(f"dxmatch:{name}", kwargs=pk) for name in VENDOR_PAGES}
    built["dxmatch:attachment"] = reverse("dxmatch:attachment", kwargs={"pk": proposal.pk})
    built["dxmatch:vendor_edit"] = reverse(
        "dxmatch:vendor_edit", kwargs={"pk": Vendor.objects.get(pk=vendor.pk).pk}
    )
    return built
