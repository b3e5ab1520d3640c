"""Team KawaBiz screens: the coordinator's board, partners and their counts, experts, referrals,
dispatch cases and their visits."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.businesses.picker import choose_business, picked_business
from bansou.core.errors import DomainError
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires
from bansou.lib.eras import fiscal_year

from . import board, services
from .forms import (
    AcceptForm,
    BookVisitForm,
    CaseForm,
    CloseForm,
    ContactForm,
    DeclineForm,
    ExpertForm,
    PartnerForm,
    ProgrammeForm,
    ReferralFilterForm,
    ReferralForm,
    ReportForm,
)
from .models import (
    CaseStatus,
    DispatchCase,
    DispatchProgramme,
    DispatchVisit,
    Expert,
    Partner,
    PartnerContact,
    Referral,
    ReferralStatus,
)


def _org(request) -> int:
    return request.user.organization_id


def _partner(request, pk: int) -> Partner:
    return get_object_or_404(Partner.objects.filter(organization=_org(request)), pk=pk)


def _expert(request, pk: int) -> Expert:
    return get_object_or_404(Expert.objects.filter(organization=_org(request)), pk=pk)


def _referral(request, pk: int) -> Referral:
    return get_object_or_404(
        Referral.objects.for_user(request.user).select_related(
            "partner", "business__district", "staff"
        ),
        pk=pk,
    )


def _case(request, pk: int) -> DispatchCase:
    """404 for another chamber's case and for an expert's case that is not theirs."""
    return get_object_or_404(
        DispatchCase.objects.for_user(request.user).select_related(
            "business__district", "coordinator", "staff", "expert", "programme", "referral__partner"
        ),
        pk=pk,
    )


def _visit(request, pk: int) -> DispatchVisit:
    return get_object_or_404(
        DispatchVisit.objects.for_user(request.user).select_related(
            "case__business", "case__programme", "expert", "staff", "programme"
        ),
        pk=pk,
    )


def _own_expert(request) -> Expert | None:
    """The expert profile of a signed-in expert (who books and reports on own cases only)."""
    if request.user.has_capability(Capability.RECORDS_READ_ALL):
        return None
    return Expert.objects.filter(organization=_org(request), user=request.user).first()


# The coordinator's board ----------------------------------------------------------------


@requires(Capability.PARTNERS_READ)
def board_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "board": board.build_board(_org(request), today),
        "today": today,
        "can_manage": request.user.has_capability(Capability.PARTNERS_MANAGE),
    }
    return render(request, "partners/board.html", context)


# Partners and counts --------------------------------------------------------------------


@requires(Capability.PARTNERS_READ)
def partner_list(request: HttpRequest) -> HttpResponse:
    today_fy = fiscal_year(timezone.localdate())
    partners = (
        Partner.objects.filter(organization=_org(request))
        .annotate(
            this_year=Count(
                "referrals",
                filter=Q(
                    referrals__fiscal_year=today_fy, referrals__status=ReferralStatus.ACCEPTED
                ),
            ),
        )
        .order_by("sort_order", "pk")
    )
    context = {
        "partners": partners,
        "fiscal_year": today_fy,
        "can_manage": request.user.has_capability(Capability.PARTNERS_MANAGE),
    }
    return render(request, "partners/partner_list.html", context)


@requires(Capability.PARTNERS_READ)
def partner_counts(request: HttpRequest) -> HttpResponse:
    years = board.referral_years(_org(request)) or [fiscal_year(timezone.localdate())]
    rows, totals = board.partner_counts(_org(request), years)
    context = {"rows": rows, "years": years, "totals": totals, "grand_total": sum(totals)}
    return render(request, "partners/counts.html", context)


@requires(Capability.PARTNERS_READ)
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    years = board.referral_years(_org(request)) or [fiscal_year(timezone.localdate())]
    rows, _totals = board.partner_counts(_org(request), years)
    row = next(r for r in rows if r.partner.pk == partner.pk)
    referrals = (
        Referral.objects.filter(organization=_org(request), partner=partner)
        .select_related("business", "staff", "case")
        .order_by("-referred_on", "-pk")
    )
    context = {
        "partner": partner,
        "contacts": PartnerContact.objects.filter(partner=partner),
        "experts": Expert.objects.filter(partner=partner),
        "years": list(zip(years, row.counts, strict=True)),
        "page": paginate(request, referrals),
        "can_manage": request.user.has_capability(Capability.PARTNERS_MANAGE),
    }
    return render(request, "partners/partner_detail.html", context)


@requires(Capability.PARTNERS_MANAGE)
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    return _partner_form(request, Partner())


@requires(Capability.PARTNERS_MANAGE)
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _partner_form(request, _partner(request, pk))


def _partner_form(request, partner: Partner) -> HttpResponse:
    form = PartnerForm(
        request.POST or None, instance=partner, organization=request.user.organization
    )
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.save_partner(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": partner.name})
            return redirect("partners:partner_detail", pk=partner.pk)
    title = _("Edit partner") if partner.pk else _("Register a partner")
    return render(
        request,
        "partners/form.html",
        {"form": form, "title": title, "back": "partners:partner_list"},
    )


@requires(Capability.PARTNERS_MANAGE)
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    form = ContactForm(
        request.POST or None,
        instance=PartnerContact(partner=partner),
        organization=request.user.organization,
    )
    if request.method == "POST" and form.is_valid():
        services.add_contact(form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("partners:partner_detail", pk=partner.pk)
    title = _("Add a contact of %(name)s") % {"name": partner.name}
    return render(
        request,
        "partners/form.html",
        {"form": form, "title": title, "back": "partners:partner_list"},
    )


# Experts ----------------------------------------------------------------------------------


@requires(Capability.PARTNERS_READ)
def expert_list(request: HttpRequest) -> HttpResponse:
    experts = (
        Expert.objects.filter(organization=_org(request))
        .select_related("partner", "user")
        .annotate(
            open_cases=Count("cases", filter=Q(cases__status=CaseStatus.OPEN)),
        )
        .order_by("-is_active", "name", "pk")
    )
    context = {
        "experts": experts,
        "can_manage": request.user.has_capability(Capability.PARTNERS_MANAGE),
    }
    return render(request, "partners/expert_list.html", context)


@requires(Capability.PARTNERS_MANAGE)
@require_http_methods(["GET", "POST"])
def expert_create(request: HttpRequest) -> HttpResponse:
    return _expert_form(request, Expert())


@requires(Capability.PARTNERS_MANAGE)
@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _expert_form(request, _expert(request, pk))


def _expert_form(request, expert: Expert) -> HttpResponse:
    form = ExpertForm(request.POST or None, instance=expert, organization=request.user.organization)
    if request.method == "POST" and form.is_valid():
        try:
            expert = services.save_expert(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": expert.name})
            return redirect("partners:expert_list")
    title = _("Edit expert") if expert.pk else _("Register an expert")
    return render(
        request,
        "partners/form.html",
        {"form": form, "title": title, "back": "partners:expert_list"},
    )


# Programmes ------------------------------------------------------------------------------


@requires(Capability.PARTNERS_READ)
def programme_list(request: HttpRequest) -> HttpResponse:
    services.ensure_programmes(request.user.organization)
    programmes = (
        DispatchProgramme.objects.filter(organization=_org(request))
        .annotate(open_cases=Count("cases", filter=Q(cases__status=CaseStatus.OPEN)))
        .order_by("sort_order", "pk")
    )
    context = {
        "programmes": programmes,
        "can_manage": request.user.has_capability(Capability.PARTNERS_MANAGE),
    }
    return render(request, "partners/programme_list.html", context)


@requires(Capability.PARTNERS_MANAGE)
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(
        DispatchProgramme.objects.filter(organization=_org(request)), pk=pk
    )
    form = ProgrammeForm(
        request.POST or None, instance=programme, organization=request.user.organization
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": programme.name})
            return redirect("partners:programme_list")
    title = _("Edit dispatch programme")
    return render(
        request,
        "partners/form.html",
        {"form": form, "title": title, "back": "partners:programme_list"},
    )


# Referrals --------------------------------------------------------------------------------


@requires(Capability.PARTNERS_READ)
def referral_list(request: HttpRequest) -> HttpResponse:
    referrals = Referral.objects.for_user(request.user)
    form = ReferralFilterForm(request.GET or None, fiscal_years=board.referral_years(_org(request)))
    referrals = form.apply(referrals).select_related("partner", "business", "staff", "case")
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filter_form": form,
        "page": paginate(request, referrals.order_by("-referred_on", "-pk")),
        "query_string": params.urlencode(),
    }
    return render(request, "partners/referral_list.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest) -> HttpResponse:
    """A partner's request, taken by any staff member: pick the business, then the details."""
    business = picked_business(request)
    if business is None:
        return choose_business(
            request,
            "partners/referral_pick.html",
            empty_message=_("No business matches. Register the business first."),
        )
    referral = Referral(business=business, staff=request.user)
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        instance=referral,
        organization=request.user.organization,
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.receive_referral(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Registered the request for %(name)s.") % {"name": business.name}
            )
            return redirect("partners:referral_detail", pk=referral.pk)
    return render(request, "partners/referral_form.html", {"form": form, "business": business})


@requires(Capability.PARTNERS_READ)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    case = DispatchCase.objects.filter(referral=referral).first()
    context = {
        "referral": referral,
        "case": case,
        "can_manage": request.user.has_capability(Capability.PARTNERS_MANAGE),
    }
    return render(request, "partners/referral_detail.html", context)


@requires(Capability.PARTNERS_MANAGE)
@require_http_methods(["GET", "POST"])
def referral_accept(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    if referral.status != ReferralStatus.RECEIVED:
        messages.error(request, _("This request has already been decided."))
        return redirect("partners:referral_detail", pk=referral.pk)
    services.ensure_programmes(request.user.organization)
    case = DispatchCase(
        business=referral.business,
        need=referral.need,
        coordinator=request.user,
    )
    form = AcceptForm(request.POST or None, instance=case, organization=request.user.organization)
    if request.method == "GET":
        form.initial.update(
            {
                "opened_on": timezone.localdate(),
                "coordinator": request.user.pk,
                "staff": referral.staff_id,
            }
        )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.accept_referral(referral, form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Accepted. The case is open."))
            return redirect("partners:case_detail", pk=case.pk)
    return render(request, "partners/accept.html", {"form": form, "referral": referral})


@requires(Capability.PARTNERS_MANAGE)
@require_http_methods(["GET", "POST"])
def referral_decline(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    form = DeclineForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_referral(
                referral,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["decided_on"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Declined the request."))
            return redirect("partners:referral_detail", pk=referral.pk)
    title = _("Decline the request of %(name)s") % {"name": referral.business.name}
    return render(
        request,
        "partners/form.html",
        {"form": form, "title": title, "back": "partners:referral_list"},
    )


# Cases and visits -------------------------------------------------------------------------


@requires(Capability.RECORDS_READ)
def case_list(request: HttpRequest) -> HttpResponse:
    cases = DispatchCase.objects.for_user(request.user)
    status = request.GET.get("status", CaseStatus.OPEN)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    cases = cases.select_related("business", "expert", "programme", "staff")
    page = paginate(request, cases.order_by("-opened_on", "-pk"))
    # The page's visit counts in one GROUP BY (not an annotation over every case).
    counted = dict(
        DispatchVisit.objects.filter(case__in=[c.pk for c in page], number__gt=0)
        .order_by()
        .values_list("case")
        .annotate(n=Count("pk"))
    )
    for case in page:
        case.visit_count = counted.get(case.pk, 0)
    context = {
        "page": page,
        "status": status,
        "statuses": CaseStatus.choices,
    }
    return render(request, "partners/case_list.html", context)


@requires(Capability.RECORDS_READ)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    visits = list(
        DispatchVisit.objects.filter(case=case)
        .select_related("expert", "staff", "programme", "analysis", "business_plan")
        .defer("report_file")
    )
    programme_visits = max([v.number for v in visits], default=0)
    context = {
        "case": case,
        "visits": visits,
        "programme_visits": programme_visits,
        "can_manage": request.user.has_capability(Capability.PARTNERS_MANAGE),
        "can_visit": request.user.has_capability(Capability.DISPATCH_VISITS)
        and case.status == CaseStatus.OPEN,
    }
    return render(request, "partners/case_detail.html", context)


@requires(Capability.PARTNERS_MANAGE)
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = CaseForm(request.POST or None, instance=case, organization=request.user.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error("programme" if exc.code == "cap" else None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("partners:case_detail", pk=case.pk)
    return render(request, "partners/case_form.html", {"form": form, "case": case})


@requires(Capability.PARTNERS_MANAGE)
@require_http_methods(["GET", "POST"])
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = CloseForm(request.POST or None, instance=case, organization=request.user.organization)
    if request.method == "GET":
        form.initial.setdefault("closed_on", timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.close_case(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error("closed_on", exc.message)
        else:
            messages.success(request, _("Closed the case."))
            return redirect("partners:case_detail", pk=case.pk)
    return render(request, "partners/case_form.html", {"form": form, "case": case, "closing": True})


@requires(Capability.DISPATCH_VISITS)
@require_http_methods(["GET", "POST"])
def visit_book(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    own = _own_expert(request)
    if not request.user.has_capability(Capability.RECORDS_READ_ALL) and own is None:
        raise Http404  # an expert account no expert profile names has no cases
    form = BookVisitForm(request.POST or None, case=case, fixed_expert=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.book_visit(
                case,
                visited_on=data["visited_on"],
                staff=data["staff"],
                expert=own or data.get("expert"),
                pre_hearing=data["kind"] == BookVisitForm.PRE_HEARING,
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            label = (
                _("Pre-hearing") if visit.number == 0 else _("Visit %(n)s") % {"n": visit.number}
            )
            messages.success(request, _("Booked: %(visit)s.") % {"visit": label})
            return redirect("partners:case_detail", pk=case.pk)
    return render(request, "partners/visit_book.html", {"form": form, "case": case})


@requires(Capability.DISPATCH_VISITS)
@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        instance=visit,
        organization=request.user.organization,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_visit(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the visit report."))
            return redirect("partners:case_detail", pk=visit.case_id)
    return render(request, "partners/visit_form.html", {"form": form, "visit": visit})


@requires(Capability.DISPATCH_VISITS)
@require_POST
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    try:
        services.cancel_visit(visit, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Cancelled the booked visit."))
    return redirect("partners:case_detail", pk=visit.case_id)


@requires(Capability.RECORDS_READ)
def visit_file(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    if not visit.report_file:
        raise Http404
    response = HttpResponse(bytes(visit.report_file), content_type=visit.report_file_type)
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(visit.report_file_name)}"
    )
    return response
