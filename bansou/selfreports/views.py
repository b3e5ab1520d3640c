"""Report links: the owner's pages (public, by link) and the staff's (issue, list, confirm)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from bansou.business_plans.loaders import get_plan_for_user
from bansou.business_plans.models import BusinessPlan
from bansou.core.errors import DomainError
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, public, requires
from bansou.followups.services import DuplicateReportError
from bansou.lib.eras import format_wareki

from . import services, throttle
from .forms import ConfirmForm, OwnerReportForm
from .loaders import get_link_for_user
from .models import LinkStatus, ReportLink

# --- the owner's pages: no account, nothing shown but the business's name and the period ----


def _private(response: HttpResponse) -> HttpResponse:
    # The token never leaves the site in a Referer: SECURE_REFERRER_POLICY is same-origin (a
    # stricter no-referrer would make the form's POST carry "Origin: null", which CSRF refuses).
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refusal(request, status: int, reason: str, link: ReportLink | None = None) -> HttpResponse:
    context = {"reason": reason, "link": link}
    if link is not None:
        context["period"] = services.period_of(link)
    response = render(request, "selfreports/unavailable.html", context, status=status)
    return _private(response)


def _open_link(request: HttpRequest, token: str):
    """(link, None) for a link that takes a report, else (None, the refusal page)."""
    if throttle.is_blocked(request):
        return None, _refusal(request, 429, "throttled")
    link = services.find_link(token)
    if link is None:
        throttle.count_failure(request)
        return None, _refusal(request, 404, "invalid")
    status = link.status()
    if status == LinkStatus.CONFIRMED:
        return None, _refusal(request, 410, "confirmed", link)
    if link.expires_at <= timezone.now():
        return None, _refusal(request, 410, "expired", link)
    return link, None


@public
@never_cache
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, token: str) -> HttpResponse:
    link, refusal = _open_link(request, token)
    if refusal is not None:
        return refusal
    initial = None
    if link.submitted_at is not None:
        initial = {
            "sales": link.sales,
            "profit": link.profit,
            "wants_support": "yes" if link.wants_support else "no",
            "comment": link.comment,
        }
    form = OwnerReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit(link, **form.cleaned_data, address=request.META.get("REMOTE_ADDR"))
        except services.LinkClosed:
            return _refusal(request, 410, "confirmed", link)
        return redirect("selfreports:sent", token=token)
    context = {"form": form, "link": link, "period": services.period_of(link)}
    return _private(render(request, "selfreports/form.html", context))


@public
@never_cache
@require_http_methods(["GET"])
def report_sent(request: HttpRequest, token: str) -> HttpResponse:
    link, refusal = _open_link(request, token)
    if refusal is not None:
        return refusal
    if link.submitted_at is None:
        return redirect("selfreports:form", token=token)
    context = {"link": link, "period": services.period_of(link), "token": token}
    return _private(render(request, "selfreports/sent.html", context))


# --- the staff's pages ----------------------------------------------------------------------


@requires(Capability.RECORDS_WRITE)
@require_POST
def link_issue(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Issue (or, with renew, replace) the link for the plan's due report period."""
    plan = get_plan_for_user(request.user, plan_pk, write=True)
    try:
        period = services.due_period(plan, timezone.localdate())
        services.issue_link(plan, period, actor=request.user, renew=bool(request.POST.get("renew")))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The report link is ready: copy it, or print it on the reminder letter."),
        )
    return redirect("business_plans:detail", pk=plan.pk)


@requires(Capability.RECORDS_READ)
def link_list(request: HttpRequest) -> HttpResponse:
    """Reports businesses sent through their links, awaiting an advisor's confirmation."""
    links = (
        ReportLink.objects.for_organization(request.user.organization_id)
        .awaiting_confirmation()
        .filter(plan__in=BusinessPlan.objects.for_user(request.user).values("pk"))
        .select_related("plan__business", "plan__staff")
        .order_by("submitted_at", "pk")
    )
    context = {"page": paginate(request, links), "can_write": request.user.can_write_records}
    return render(request, "selfreports/list.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def link_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_link_for_user(request.user, pk, write=True)
    plan = link.plan
    if link.status() == LinkStatus.CONFIRMED:
        messages.info(request, _("This report has already been confirmed."))
        if link.report_id:
            return redirect("followups:report_detail", pk=link.report_id)
        return redirect("business_plans:detail", pk=plan.pk)
    if link.submitted_at is None:
        messages.error(request, _("The business has not sent a report yet."))
        return redirect("business_plans:detail", pk=plan.pk)
    targets = list(plan.year_targets.all())
    initial = {
        "reported_on": services.report_date(link),
        "period_fiscal_year": services.period_fiscal_year(link),
        "sales": link.sales,
        "profit": link.profit,
        "wants_support": "yes" if link.wants_support else "no",
        "note": link.comment,
        "seen_submitted_at": link.submitted_at,
    }
    form = ConfirmForm(request.POST or None, plan=plan, targets=targets, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("seen_submitted_at")
        data.pop("lock_version", None)
        try:
            report = services.confirm(link, actor=request.user, seen_submitted_at=seen, **data)
        except DuplicateReportError as error:
            form.add_error(None, error.message)
        except DomainError as error:
            if error.code == "changed":  # shown again with the new figures
                messages.error(request, error.message)
                return redirect("selfreports:confirm", pk=link.pk)
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Confirmed the report: group %(group)d, next contact due %(due)s.")
                % {"group": report.group, "due": format_wareki(report.next_contact_due)},
            )
            return redirect("followups:report_detail", pk=report.pk)
    context = {
        "form": form,
        "link": link,
        "plan": plan,
        "business": plan.business,
        "period": services.period_of(link),
    }
    return render(request, "selfreports/confirm.html", context)
