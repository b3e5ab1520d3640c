"""Programme screens: list, set-up, page with participants; participations with their deals,
new trading partners and the +5% computation; a business's monthly sales sheet and import."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.businesses.loaders import get_business_for_user
from bansou.businesses.picker import choose_business, picked_business
from bansou.core.errors import DomainError
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires
from bansou.lib.eras import fiscal_year as fiscal_year_of

from . import services
from .forms import (
    DealForm,
    MonthlySalesForm,
    ParticipationForm,
    PartnerForm,
    ProgrammeForm,
    sales_months,
)
from .loaders import get_participation_for_user, get_programme_for_user, get_record_for_user
from .models import Deal, NewTradingPartner, Participation, Programme, SalesOutcome
from .sales import add_months, compare_sales, first_of_month

# The years a programme page can show (the range the era helpers accept); anything else in ?fy=
# is not a year a chamber ran a programme, so the current year is shown.
YEARS = range(1873, 9998)


def _fiscal_year(request: HttpRequest) -> int:
    try:
        fy = int(request.GET.get("fy", ""))
    except ValueError:
        fy = None
    return fy if fy in YEARS else fiscal_year_of(timezone.localdate())


@requires(Capability.PROGRAMMES_READ)
def programme_list(request: HttpRequest) -> HttpResponse:
    fy = _fiscal_year(request)
    in_year = Q(participations__fiscal_year=fy)
    programmes = (
        Programme.objects.for_organization(request.user.organization_id)
        .select_related("department")
        .annotate(participant_count=Count("participations", filter=in_year))
        .order_by("department__sort_order", "kind", "code")
    )
    context = {
        "programmes": programmes,
        "fy": fy,
        "years": range(fy - 2, fy + 2),
        "can_manage": request.user.has_capability(Capability.PROGRAMMES_MANAGE),
    }
    return render(request, "programmes/list.html", context)


def _programme_form(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    organization = request.user.organization
    form = ProgrammeForm(request.POST or None, instance=programme, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_programme(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            form.save_m2m()
            messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
            return redirect("programmes:detail", pk=saved.pk)
    return render(request, "programmes/form.html", {"form": form, "programme": programme})


@requires(Capability.PROGRAMMES_MANAGE)
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    return _programme_form(request, None)


@requires(Capability.PROGRAMMES_MANAGE)
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_form(request, get_programme_for_user(request.user, pk, manage=True))


@requires(Capability.PROGRAMMES_READ)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Participants of one fiscal year, paged; totals by status and outcomes in a few
    aggregates whatever the number of participants (2,000 voucher member stores)."""
    programme = get_programme_for_user(request.user, pk)
    fy = _fiscal_year(request)
    participations = Participation.objects.for_user(request.user).filter(
        programme=programme, fiscal_year=fy
    )
    by_status = dict(
        participations.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    outcomes = {
        "deals": Deal.objects.for_user(request.user)
        .filter(programme=programme, fiscal_year=fy)
        .aggregate(count=Count("pk"), amount=Sum("amount")),
        "partners": NewTradingPartner.objects.for_user(request.user)
        .filter(programme=programme, fiscal_year=fy)
        .aggregate(businesses=Count("business", distinct=True), count=Count("pk")),
        "sales": SalesOutcome.objects.for_user(request.user)
        .filter(programme=programme, fiscal_year=fy)
        .aggregate(compared=Count("pk"), increased=Count("pk", filter=Q(increased=True))),
    }
    status_filter = request.GET.get("status", "")
    listed = participations.filter(status=status_filter) if status_filter else participations
    page = paginate(
        request,
        listed.select_related("business__district", "staff").order_by("business__name_kana", "pk"),
    )
    statuses = [(code, label, by_status.get(code, 0)) for code, label in
                Participation._meta.get_field("status").choices if by_status.get(code)]  # fmt: skip
    context = {
        "programme": programme,
        "fy": fy,
        "years": range(fy - 2, fy + 2),
        "total": sum(by_status.values()),
        "statuses": statuses,
        "status_filter": status_filter,
        "outcomes": outcomes,
        "page": page,
        "events": programme.events.order_by("-held_on").annotate(
            participant_count=Count("participations")
        ),
        "can_write": request.user.can_write_records,
        "can_manage": request.user.has_capability(Capability.PROGRAMMES_MANAGE),
    }
    return render(request, "programmes/detail.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def participation_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, pk)
    business = picked_business(request)
    if business is None:
        return choose_business(request, "programmes/add_participant.html", {"programme": programme})
    participation = Participation(programme=programme, business=business, staff=request.user)
    form = ParticipationForm(
        request.POST if request.method == "POST" else None,
        instance=participation,
        organization=programme.organization,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_participation(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Added %(name)s.") % {"name": business.name})
            return redirect("programmes:participation", pk=participation.pk)
    context = {"programme": programme, "business": business, "form": form}
    return render(request, "programmes/participation_form.html", context)


def _comparison(participation: Participation):
    figures = services.sales_of([participation.business_id]).get(participation.business_id, {})
    return compare_sales(participation.started_on, figures), bool(figures)


@requires(Capability.PROGRAMMES_READ)
def participation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_participation_for_user(request.user, pk)
    comparison, has_sales = _comparison(participation)
    context = {
        "participation": participation,
        "programme": participation.programme,
        "business": participation.business,
        "deals": Deal.objects.filter(participation=participation).order_by("closed_on", "pk"),
        "partners": NewTradingPartner.objects.filter(participation=participation).order_by(
            "started_on", "pk"
        ),
        "comparison": comparison,
        "has_sales": has_sales,
        "can_write": request.user.can_write_records,
        "deal_form": DealForm(),
        "partner_form": PartnerForm(),
    }
    return render(request, "programmes/participation.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def participation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_participation_for_user(request.user, pk, write=True)
    form = ParticipationForm(
        request.POST or None, instance=participation, organization=participation.organization
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participation(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:participation", pk=participation.pk)
    context = {
        "programme": participation.programme,
        "business": participation.business,
        "participation": participation,
        "form": form,
    }
    return render(request, "programmes/participation_form.html", context)


@requires(Capability.RECORDS_WRITE)
@require_POST
def participation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_participation_for_user(request.user, pk, write=True)
    programme_pk, name = participation.programme_id, participation.business.name
    services.remove_participation(participation, actor=request.user)
    messages.success(request, _("Removed %(name)s from the participants.") % {"name": name})
    return redirect("programmes:detail", pk=programme_pk)


def _outcome_add(request: HttpRequest, pk: int, form_class, add) -> HttpResponse:
    participation = get_participation_for_user(request.user, pk, write=True)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add(form.save(commit=False), participation, actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:participation", pk=participation.pk)
    context = {"participation": participation, "form": form, "programme": participation.programme}
    return render(request, "programmes/outcome_form.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def deal_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _outcome_add(request, pk, DealForm, services.add_deal)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _outcome_add(request, pk, PartnerForm, services.add_new_partner)


def _outcome_delete(request: HttpRequest, model, pk: int) -> HttpResponse:
    outcome = get_record_for_user(model, request.user, pk, write=True)
    services.remove_outcome(outcome, actor=request.user)
    messages.success(request, _("Deleted."))
    return redirect("programmes:participation", pk=outcome.participation_id)


@requires(Capability.RECORDS_WRITE)
@require_POST
def deal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _outcome_delete(request, Deal, pk)


@requires(Capability.RECORDS_WRITE)
@require_POST
def partner_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _outcome_delete(request, NewTradingPartner, pk)


def _last_month(request: HttpRequest, business) -> date:
    """The sheet's last month: ?until=YYYY-MM, else March of the latest participation's
    fiscal year (not after last month), else last month."""
    this_month = first_of_month(timezone.localdate())
    until = request.GET.get("until", "")
    try:
        year, month = (int(part) for part in until.split("-"))
        if year in YEARS:
            return date(year, month, 1)
    except ValueError:
        pass
    latest = (
        Participation.objects.filter(business=business)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    if latest is not None:
        return min(date(latest + 1, 3, 1), add_months(this_month, -1))
    return add_months(this_month, -1)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def monthly_sales(request: HttpRequest, business: int) -> HttpResponse:
    """Two years of monthly sales in one form: this year beside the year before."""
    business = get_business_for_user(request.user, business, write=True)
    months = sales_months(_last_month(request, business))
    stored = services.sales_of([business.pk]).get(business.pk, {})
    reference = dict(stored)
    annual = services.analysis_monthly_sales(business)
    if annual is not None:
        reference[date(1900, 1, 1)] = annual
    form = MonthlySalesForm(request.POST or None, months=months, stored=reference)
    if request.method == "POST" and form.is_valid():
        try:
            written, deleted = services.save_monthly_sales(
                business, form.cleaned_data["amounts"], form.cleaned_data["source"],
                actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Saved the monthly sales (%(written)s months written, %(deleted)s removed).")
                % {"written": written, "deleted": deleted},
            )
            return redirect(request.get_full_path())
    half = len(months) // 2
    fields = form.month_fields()
    rows = [(fields[half + i], fields[i]) for i in range(half)]  # (this year, a year earlier)
    participations = Participation.objects.filter(business=business).select_related("programme")
    outcomes = {o.participation_id: o for o in SalesOutcome.objects.filter(business=business)}
    context = {
        "business": business,
        "form": form,
        "rows": rows,
        "participations": [
            (p, outcomes.get(p.pk)) for p in participations.order_by("-started_on", "pk")
        ],
    }
    return render(request, "programmes/sales.html", context)
