"""The start page and the health check."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bansou.businesses.models import Business
from bansou.core.permissions import Capability, public, requires
from bansou.dashboard.services import advisor_day


@requires(Capability.MEMBER)
def home(request: HttpRequest) -> HttpResponse:
    """The advisor's day for those who read records; committee members see aggregates only."""
    if request.user.has_capability(Capability.VENDOR_PROPOSALS):
        return redirect("dxmatch:inbox")  # an IT vendor's home is the needs sent to it
    context = {}
    if request.user.can_read_records:
        context["day"] = advisor_day(request.user, timezone.localdate())
        context["register"] = Business.objects.for_user(request.user).aggregate(
            total=Count("pk"),
            small=Count("pk", filter=Q(is_small=True)),
            members=Count("pk", filter=Q(is_member=True)),
        )
    return render(request, "core/home.html", context)


@public
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and uptime checks: answers without touching the session."""
    Business.objects.exists()
    return JsonResponse({"status": "ok"})
