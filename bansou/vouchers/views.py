"""E-voucher screens: the member stores of a fiscal year with their usage, a store's report
(page and PDF), and the report's hand-over to the store."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bansou.analysis.report import content_disposition
from bansou.businesses.loaders import get_business_for_user
from bansou.core.errors import DomainError
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires
from bansou.lib.eras import fiscal_year as fiscal_year_of
from bansou.lib.text import search_words
from bansou.programmes.sales import add_months

from . import pdf, report, services
from .forms import FeedbackForm
from .models import VoucherFeedback

# The years the pages accept in ?fy= (anything else shows the current fiscal year).
YEARS = range(2000, 2100)


def _fiscal_year(request: HttpRequest) -> int:
    try:
        fy = int(request.GET.get("fy", ""))
    except ValueError:
        fy = None
    return fy if fy in YEARS else fiscal_year_of(timezone.localdate())


def _years(fy: int) -> range:
    return range(min(fy, fiscal_year_of(timezone.localdate())) - 2, fy + 2)


@requires(Capability.PROGRAMMES_READ)
@require_GET
def store_list(request: HttpRequest) -> HttpResponse:
    fy = _fiscal_year(request)
    query = search_words(request.GET.get("q", ""))
    organization = request.user.organization
    context = {
        "fy": fy,
        "years": _years(fy),
        "query": query,
        "page": paginate(request, report.store_list(organization, fy, query=query)),
        "totals": report.year_totals(organization, fy),
    }
    return render(request, "vouchers/stores.html", context)


def _store(request: HttpRequest, pk: int, *, write: bool = False):
    return get_business_for_user(request.user, pk, write=write)


@requires(Capability.PROGRAMMES_READ)
@require_GET
def store_report(request: HttpRequest, pk: int) -> HttpResponse:
    business = _store(request, pk)
    fy = _fiscal_year(request)
    context = {
        "report": report.store_report(business, fy),
        "business": business,
        "fy": fy,
        "years": _years(fy),
        "is_member": business.pk in services.member_store_ids(business.organization_id),
        "handovers": VoucherFeedback.objects.filter(business=business)
        .select_related("staff", "expert")
        .order_by("-handed_on", "-pk"),
        "form": FeedbackForm(
            organization=business.organization_id, initial={"handed_on": timezone.localdate()}
        ),
        "can_write": request.user.can_write_records,
    }
    return render(request, "vouchers/store.html", context)


@requires(Capability.PROGRAMMES_READ)
@require_GET
def store_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    business = _store(request, pk)
    result = report.store_report(business, _fiscal_year(request))
    response = HttpResponse(pdf.render_pdf(result), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        pdf.filename(result), f"voucher-report-{business.pk}-{result.fiscal_year}.pdf"
    )
    return response


@requires(Capability.RECORDS_WRITE)
@require_POST
def feedback_add(request: HttpRequest, pk: int) -> HttpResponse:
    business = _store(request, pk, write=True)
    fy = _fiscal_year(request)
    back = reverse("vouchers:store", kwargs={"pk": business.pk}) + f"?fy={fy}"
    form = FeedbackForm(request.POST, organization=business.organization_id)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    feedback = form.save(commit=False)
    feedback.business = business
    handed = feedback.handed_on.replace(day=1)
    feedback.first_month = report.fiscal_months(fy)[0]
    feedback.last_month = min(add_months(feedback.first_month, 11), handed)
    try:
        services.record_feedback(feedback, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Recorded the hand-over of the usage report."))
    return redirect(back)


@requires(Capability.RECORDS_WRITE)
@require_POST
def feedback_delete(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(
        VoucherFeedback.objects.for_organization(request.user.organization_id), pk=pk
    )
    business = _store(request, feedback.business_id, write=True)
    services.remove_feedback(feedback, actor=request.user)
    messages.success(request, _("Removed the hand-over."))
    return redirect(
        reverse("vouchers:store", kwargs={"pk": business.pk}) + f"?fy={feedback.fiscal_year}"
    )
