"""Screens of the DX matching: the chamber's needs, need page and vendors; the vendor's inbox
and proposal form."""

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.audit.labels import action_label
from bansou.audit.models import AuditEntry
from bansou.businesses.picker import choose_business, picked_business
from bansou.core.errors import DomainError
from bansou.core.ids import id_or_404
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires

from . import services
from .attachments import attachment_response
from .forms import (
    ChooseForm,
    DeclineForm,
    FollowUpForm,
    NeedFilterForm,
    NeedForm,
    ProposalForm,
    QualityForm,
    SendForm,
    VendorForm,
    WithdrawForm,
)
from .loaders import get_need, get_need_for_vendor, get_proposal, get_vendor, vendor_of
from .models import DxNeed, DxProposal, NeedRecipient, ProposalAttachment, Vendor
from .states import MATCHED, accepts_proposals, allowed_actions

MANAGE = Capability.DX_MATCH_MANAGE


# --- the chamber's side ------------------------------------------------------------------


@requires(MANAGE)
def need_list(request: HttpRequest) -> HttpResponse:
    needs = DxNeed.objects.for_organization(request.user.organization_id)
    years = (
        needs.filter(fiscal_year__isnull=False)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    form = NeedFilterForm(request.GET or None, fiscal_years=list(years))
    # Needs matched per fiscal year (the plan's 労働生産性向上支援): one GROUP BY.
    matched = (
        needs.filter(status__in=MATCHED, fiscal_year__isnull=False)
        .values("fiscal_year")
        .annotate(count=Count("pk"))
        .order_by("-fiscal_year")
    )
    listed = (
        form.apply(needs)
        .select_related("business", "chosen_proposal__vendor")
        .annotate(
            recipient_count=Count("recipients", distinct=True),
            proposal_count=Count("proposals", distinct=True),
        )
        .order_by("-opened_on", "-pk")
    )
    page = paginate(request, listed)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filter_form": form,
        "page": page,
        "matched": list(matched)[:3],
        "query_string": params.urlencode(),
    }
    template = "dxmatch/_need_table.html" if request.htmx else "dxmatch/need_list.html"
    return render(request, template, context)


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    business = picked_business(request)
    if business is None:
        return choose_business(request, "dxmatch/choose_business.html")
    need = DxNeed(business=business, staff=request.user, opened_on=timezone.localdate())
    form = NeedForm(
        request.POST if request.method == "POST" else None,
        instance=need,
        organization=request.user.organization,
        business=business,
    )
    if request.method == "POST" and form.is_valid():
        try:
            need = services.create_need(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Registered the need. Now send it to vendors."))
            return redirect("dxmatch:send", pk=need.pk)
    return render(request, "dxmatch/need_form.html", {"form": form, "business": business})


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_need(request.user, pk)
    form = NeedForm(
        request.POST or None,
        instance=need,
        organization=request.user.organization,
        business=need.business,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_need(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("dxmatch:detail", pk=need.pk)
    context = {"form": form, "business": need.business, "need": need}
    return render(request, "dxmatch/need_form.html", context)


def _history(need: DxNeed) -> list[dict]:
    entries = (
        AuditEntry.objects.filter(
            organization=need.organization_id, target_type="dxmatch.dxneed", target_id=need.pk
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    return [
        {"at": e.created_at, "what": action_label(e.action, e.target_type), "who": e.actor or ""}
        for e in entries
    ]


def _detail(request: HttpRequest, need: DxNeed, **bound) -> HttpResponse:
    proposals = list(
        DxProposal.objects.filter(need=need).select_related("vendor").order_by("amount", "pk")
    )
    recipients = list(
        NeedRecipient.objects.filter(need=need).select_related("vendor").order_by("vendor__name")
    )
    proposed = {p.vendor_id for p in proposals}
    actions = set(allowed_actions(need.status))
    context = {
        "need": need,
        "proposals": proposals,
        "recipients": [(r, r.vendor_id in proposed) for r in recipients],
        "actions": {a.value for a in actions},
        "choose_form": bound.get("choose") or ChooseForm(),
        "decline_form": bound.get("decline") or DeclineForm(),
        "quality_form": bound.get("quality") or QualityForm(),
        "follow_up_form": bound.get("follow_up") or FollowUpForm(),
        "withdraw_form": bound.get("withdraw") or WithdrawForm(),
        "history": _history(need),
        "lowest": min((p.amount for p in proposals), default=None),
    }
    return render(request, "dxmatch/need_detail.html", context)


@requires(MANAGE)
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_need(request.user, pk))


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_need(request.user, pk)
    form = SendForm(request.POST or None, need=need)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.send_need(
                need, form.cleaned_data["vendors"], day=form.cleaned_data["day"], actor=request.user
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Sent the need to %(count)d vendors.") % {"count": len(sent)}
            )
            return redirect("dxmatch:detail", pk=need.pk)
    return render(request, "dxmatch/send.html", {"need": need, "form": form})


def _decide(request: HttpRequest, pk: int, name: str, form_class, apply) -> HttpResponse:
    """A decision posted from the need page: applied, or the page again with the reason."""
    need = get_need(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            apply(need, form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("dxmatch:detail", pk=need.pk)
    need.refresh_from_db()
    return _detail(request, need, **{name: form})


@requires(MANAGE)
@require_POST
def choose(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(need, data):
        # Any proposal of the chamber is found; one made for another need is refused with words.
        proposal = get_proposal(request.user, id_or_404(data["proposal"]))
        services.choose_proposal(
            need, proposal, day=data["day"], note=data["note"], actor=request.user
        )

    return _decide(request, pk, "choose", ChooseForm, apply)


@requires(MANAGE)
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(need, data):
        services.decline_all(need, day=data["day"], reason=data["reason"], actor=request.user)

    return _decide(request, pk, "decline", DeclineForm, apply)


@requires(MANAGE)
@require_POST
def quality(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(need, data):
        services.check_quality(
            need, day=data["day"], checker=data["checker"], note=data["note"], actor=request.user
        )

    return _decide(request, pk, "quality", QualityForm, apply)


@requires(MANAGE)
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(need, data):
        services.record_follow_up(need, day=data["day"], note=data["note"], actor=request.user)

    return _decide(request, pk, "follow_up", FollowUpForm, apply)


@requires(MANAGE)
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(need, data):
        services.withdraw(need, reason=data["reason"], actor=request.user)

    return _decide(request, pk, "withdraw", WithdrawForm, apply)


@requires(MANAGE)
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal(request.user, pk)
    stored = get_object_or_404(ProposalAttachment.objects.filter(proposal=proposal))
    return attachment_response(request, proposal, stored)


@requires(MANAGE)
def vendor_list(request: HttpRequest) -> HttpResponse:
    vendors = (
        Vendor.objects.for_organization(request.user.organization_id)
        .annotate(
            received=Count("recipients", distinct=True),
            proposed=Count("proposals", distinct=True),
            accounts_count=Count("accounts", distinct=True),
            won=Count(
                "proposals",
                filter=Q(proposals__pk__in=DxNeed.objects.filter(
                    organization=request.user.organization_id, chosen_proposal__isnull=False
                ).values("chosen_proposal")),
                distinct=True,
            ),
        )
        .order_by("-is_active", "kind", "name")
    )  # fmt: skip
    return render(request, "dxmatch/vendor_list.html", {"vendors": vendors})


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def vendor_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    vendor = get_vendor(request.user, pk) if pk else Vendor()
    form = VendorForm(request.POST or None, instance=vendor, organization=request.user.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_vendor(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": vendor.name})
            return redirect("dxmatch:vendors")
    return render(request, "dxmatch/vendor_form.html", {"form": form, "vendor": vendor})


# --- the vendor's side -------------------------------------------------------------------


@requires(Capability.VENDOR_PROPOSALS)
def inbox(request: HttpRequest) -> HttpResponse:
    vendor = vendor_of(request.user)
    own = DxProposal.objects.filter(need=OuterRef("pk"), vendor=vendor)
    needs = (
        DxNeed.objects.sent_to(vendor)
        .select_related("business")
        .annotate(
            own_amount=Subquery(own.values("amount")[:1]),
            proposed=Exists(own),
            received_on=Subquery(
                NeedRecipient.objects.filter(need=OuterRef("pk"), vendor=vendor).values("sent_on")[
                    :1
                ]
            ),
        )
        .order_by("-received_on", "-pk")
    )
    page = paginate(request, needs)
    return render(request, "dxmatch/inbox.html", {"vendor": vendor, "page": page})


def _vendor_need(request: HttpRequest, pk: int):
    vendor = vendor_of(request.user)
    need = get_need_for_vendor(vendor, pk)
    proposal = DxProposal.objects.filter(need=need, vendor=vendor).first()
    return vendor, need, proposal


@requires(Capability.VENDOR_PROPOSALS)
def inbox_need(request: HttpRequest, pk: int) -> HttpResponse:
    vendor, need, proposal = _vendor_need(request, pk)
    context = {
        "vendor": vendor,
        "need": need,
        "proposal": proposal,
        "open": accepts_proposals(need.status),
        # The business is introduced by name only to the vendor whose proposal it chose.
        "introduced": proposal is not None and need.chosen_proposal_id == proposal.pk,
    }
    return render(request, "dxmatch/inbox_need.html", context)


@requires(Capability.VENDOR_PROPOSALS)
@require_http_methods(["GET", "POST"])
def proposal_form(request: HttpRequest, pk: int) -> HttpResponse:
    vendor, need, proposal = _vendor_need(request, pk)
    if not accepts_proposals(need.status):
        messages.error(
            request,
            _("Proposals for this need are closed (%(status)s).")
            % {"status": need.get_status_display()},
        )
        return redirect("dxmatch:inbox_need", pk=need.pk)
    instance = proposal or DxProposal(need=need, vendor=vendor)
    form = ProposalForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_proposal(
                need,
                vendor,
                form.save(commit=False),
                actor=request.user,
                upload=form.cleaned_data.get("upload"),
                day=timezone.localdate(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your proposal was sent to the chamber."))
            return redirect("dxmatch:inbox_need", pk=need.pk)
    context = {"vendor": vendor, "need": need, "proposal": proposal, "form": form}
    return render(request, "dxmatch/proposal_form.html", context)


@requires(Capability.VENDOR_PROPOSALS)
def inbox_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    _vendor, _need, proposal = _vendor_need(request, pk)
    if proposal is None:
        raise Http404
    stored = get_object_or_404(ProposalAttachment.objects.filter(proposal=proposal))
    return attachment_response(request, proposal, stored)
