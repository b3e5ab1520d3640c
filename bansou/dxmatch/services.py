"""Operations of the DX matching; each checks the state machine, writes, and audits in one
transaction. A refused operation raises DomainError with a Japanese message and writes nothing."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError

from .models import ATTACHMENT_MAX_BYTES, DxNeed, DxProposal, NeedRecipient, ProposalAttachment
from .states import NeedAction, NeedStatus, TransitionError, accepts_proposals, next_status

NEED_FIELDS = ("business", "title", "description", "analysis", "budget", "proposals_due", "staff")
VENDOR_FIELDS = ("name", "kind", "contact_name", "email", "phone", "specialties", "is_member",
                 "is_active", "note")  # fmt: skip
PROPOSAL_FIELDS = ("summary", "description", "amount", "monthly_fee", "attachment_name")
EDITABLE = frozenset({NeedStatus.DRAFT, NeedStatus.OPEN})


def _refused(need: DxNeed, action: NeedAction) -> DomainError:
    return DomainError(
        _("This cannot be done while the need is “%(status)s”.")
        % {"status": need.get_status_display()},
        code="transition",
    )


def _advance(need: DxNeed, action: NeedAction) -> str:
    """Move the need by `action` (the state machine decides); the old status is returned."""
    before = need.status
    try:
        need.status = next_status(need.status, action)
    except TransitionError:
        raise _refused(need, action) from None
    return before


def _status_change(need: DxNeed, before: str, **extra) -> dict:
    label = str(DxNeed._meta.get_field("status").verbose_name)
    changes = {
        "status": {
            "label": label,
            "old": str(NeedStatus(before).label),
            "new": str(need.get_status_display()),
        }
    }
    for name, (old, new) in extra.items():
        changes[name] = {
            "label": str(DxNeed._meta.get_field(name).verbose_name) if name != "vendors" else
            str(_("vendors")),
            "old": old,
            "new": new,
        }  # fmt: skip
    return changes


def _check_analysis(need: DxNeed) -> None:
    if need.analysis_id and (
        need.analysis.business_id != need.business_id
        or need.analysis.organization_id != need.organization_id
    ):
        raise DomainError(_("The analysis is of another business."), code="analysis")


@transaction.atomic
def create_need(need: DxNeed, *, actor) -> DxNeed:
    if need.business.organization_id != actor.organization_id:
        raise DomainError(_("The business belongs to another chamber."))
    need.capture_business_facts()
    _check_analysis(need)
    need.status = NeedStatus.DRAFT
    need.save()
    log_action(need, "dxmatch.need.created", actor, diff(need, {}, snapshot(need, NEED_FIELDS)))
    return need


@transaction.atomic
def update_need(need: DxNeed, *, actor) -> DxNeed:
    stored = DxNeed.objects.select_related("business", "analysis", "staff").get(
        organization=need.organization_id, pk=need.pk
    )
    if stored.status not in EDITABLE:
        raise DomainError(_("A need can be changed only until a proposal is chosen."))
    _check_analysis(need)
    before = snapshot(stored, NEED_FIELDS)
    need.save()
    changes = diff(need, before, snapshot(need, NEED_FIELDS))
    if changes:
        log_action(need, "dxmatch.need.updated", actor, changes)
    return need


@transaction.atomic
def send_need(need: DxNeed, vendors, *, day: date, actor) -> list[NeedRecipient]:
    """Send the need to vendors (more may be added while it is open)."""
    vendors = list(vendors)
    if not vendors:
        raise DomainError(_("Choose at least one vendor to send the need to."), code="no_vendor")
    if any(v.organization_id != need.organization_id or not v.is_active for v in vendors):
        raise DomainError(_("A vendor chosen is not an active vendor of this chamber."))
    already = set(need.recipients.values_list("vendor_id", flat=True))
    new = [v for v in vendors if v.pk not in already]
    if not new:
        raise DomainError(_("The need was already sent to these vendors."), code="already_sent")
    before = _advance(need, NeedAction.SEND)
    first = need.sent_on is None
    if first:
        need.sent_on = day
    need.save()
    recipients = NeedRecipient.objects.bulk_create(
        NeedRecipient(organization_id=need.organization_id, need=need, vendor=v, sent_on=day,
                      sent_by=actor)
        for v in sorted(new, key=lambda v: v.name)
    )  # fmt: skip
    names = "、".join(v.name for v in sorted(new, key=lambda v: v.name))
    extra = {"vendors": (None, names)}
    if first:
        extra["sent_on"] = (None, day.isoformat())
    log_action(need, "dxmatch.need.sent", actor, _status_change(need, before, **extra))
    return recipients


def _lock(need: DxNeed) -> DxNeed:
    """The need as stored now, locked until the end of the transaction (a vendor's proposal
    must not slip in after the choice was made)."""
    return DxNeed.objects.select_for_update().get(organization=need.organization_id, pk=need.pk)


@transaction.atomic
def submit_proposal(
    need: DxNeed, vendor, proposal: DxProposal, *, actor, upload=None, day: date
) -> DxProposal:
    """Create or change a vendor's proposal for a need sent to it, while proposals are open."""
    stored = _lock(need)
    if not stored.recipients.filter(vendor=vendor).exists():
        raise DomainError(_("This need was not sent to your company."), code="not_sent")
    if not accepts_proposals(stored.status):
        raise DomainError(
            _("Proposals for this need are closed (%(status)s).")
            % {"status": stored.get_status_display()},
            code="closed",
        )
    if proposal.need_id != need.pk or proposal.vendor_id != vendor.pk:
        raise DomainError(_("This proposal is not your company's."), code="not_yours")
    if proposal.amount is None or proposal.amount < 0:
        raise DomainError(_("The quote cannot be negative."), code="negative")
    if upload is not None and upload.size > ATTACHMENT_MAX_BYTES:
        raise DomainError(_("The attached file is larger than 10 MB."), code="too_large")
    creating = proposal.pk is None
    before = {} if creating else snapshot(DxProposal.objects.get(pk=proposal.pk), PROPOSAL_FIELDS)
    if upload is not None:
        proposal.attachment_name = upload.name[:200]
        proposal.attachment_size = upload.size
    proposal.organization_id = need.organization_id
    proposal.submitted_by = actor
    proposal.submitted_on = day
    proposal.save()
    if upload is not None:
        ProposalAttachment.objects.update_or_create(
            proposal=proposal,
            defaults={
                "organization_id": need.organization_id,
                "content_type": (upload.content_type or "application/octet-stream")[:100],
                "content": b"".join(upload.chunks()),
            },
        )
    changes = diff(proposal, before, snapshot(proposal, PROPOSAL_FIELDS))
    if creating or changes:
        action = "dxmatch.proposal.created" if creating else "dxmatch.proposal.updated"
        log_action(proposal, action, actor, changes)
    return proposal


@transaction.atomic
def choose_proposal(need: DxNeed, proposal: DxProposal, *, day: date, note: str, actor) -> DxNeed:
    """The business chose this proposal: the chamber introduces the vendor."""
    if proposal.need_id != need.pk or proposal.organization_id != need.organization_id:
        raise DomainError(_("This proposal was made for another need."), code="other_need")
    before = _advance(need, NeedAction.CHOOSE)
    need.chosen_proposal = proposal
    need.decided_on = day
    need.decision_note = note
    need.save()
    changes = _status_change(need, before, chosen_proposal=(None, str(proposal)))
    log_action(need, "dxmatch.need.chosen", actor, changes)
    return need


@transaction.atomic
def decline_all(need: DxNeed, *, day: date, reason: str, actor) -> DxNeed:
    """The business chose none of the proposals; the reason is kept."""
    if not reason.strip():
        raise DomainError(_("Say why no proposal was chosen."), code="reason")
    before = _advance(need, NeedAction.DECLINE)
    need.decided_on = day
    need.decision_note = reason.strip()
    need.save()
    changes = _status_change(need, before, decision_note=(None, need.decision_note))
    log_action(need, "dxmatch.need.declined", actor, changes)
    return need


@transaction.atomic
def check_quality(need: DxNeed, *, day: date, checker: str, note: str, actor) -> DxNeed:
    """After the introduction an expert checks the quality of what was delivered."""
    if not checker.strip():
        raise DomainError(_("Name the expert who checked the quality."), code="checker")
    before = _advance(need, NeedAction.CHECK_QUALITY)
    if need.decided_on and day < need.decided_on:
        raise DomainError(_("The check cannot be dated before the choice."), code="date")
    need.quality_checked_on, need.quality_checker, need.quality_note = day, checker.strip(), note
    need.save()
    changes = _status_change(need, before, quality_checker=(None, need.quality_checker))
    log_action(need, "dxmatch.need.quality_checked", actor, changes)
    return need


@transaction.atomic
def record_follow_up(need: DxNeed, *, day: date, note: str, actor) -> DxNeed:
    if not note.strip():
        raise DomainError(_("Write what the follow-up found."), code="note")
    before = _advance(need, NeedAction.FOLLOW_UP)
    if need.quality_checked_on and day < need.quality_checked_on:
        raise DomainError(_("The follow-up cannot be dated before the quality check."))
    old_note = need.follow_up_note or None
    need.followed_up_on, need.follow_up_note = day, note.strip()
    need.save()
    changes = _status_change(need, before, follow_up_note=(old_note, need.follow_up_note))
    log_action(need, "dxmatch.need.followed_up", actor, changes)
    return need


@transaction.atomic
def withdraw(need: DxNeed, *, reason: str, actor) -> DxNeed:
    if not reason.strip():
        raise DomainError(_("Say why the need is withdrawn."), code="reason")
    before = _advance(need, NeedAction.WITHDRAW)
    need.withdrawn_reason = reason.strip()
    need.save()
    changes = _status_change(need, before, withdrawn_reason=(None, need.withdrawn_reason))
    log_action(need, "dxmatch.need.withdrawn", actor, changes)
    return need


@transaction.atomic
def save_vendor(vendor, *, actor):
    creating = vendor.pk is None
    before = {}
    if not creating:
        stored = type(vendor).objects.get(organization=vendor.organization_id, pk=vendor.pk)
        before = snapshot(stored, VENDOR_FIELDS)
    clash = type(vendor).objects.filter(organization=vendor.organization_id, name=vendor.name)
    if clash.exclude(pk=vendor.pk).exists():
        raise DomainError(_("A vendor with this name is already registered."), code="duplicate")
    vendor.save()
    changes = diff(vendor, before, snapshot(vendor, VENDOR_FIELDS))
    if creating or changes:
        action = "dxmatch.vendor.created" if creating else "dxmatch.vendor.updated"
        log_action(vendor, action, actor, changes)
    return vendor
