"""The user's reminder choice, and the report request letters in bulk (a background job)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bansou.core.errors import DomainError
from bansou.core.permissions import Capability, requires
from bansou.jobs import services as jobs
from bansou.jobs.models import Job

from . import schedule, services
from .forms import DigestForm
from .letters import LETTERS, overdue_letters
from .models import DigestSent, ReportRequest


@requires(Capability.OWN_ACCOUNT)
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DigestForm(request.POST or None, initial={"digest": services.digest_choice(user)})
    if request.method == "POST" and form.is_valid():
        if not user.organization_id:
            messages.error(request, _("Reminders are for the chamber's users."))
        else:
            services.set_digest_choice(user, form.cleaned_data["digest"])
            messages.success(request, _("Your reminder setting was saved."))
        return redirect("reminders:settings")
    context = {
        "form": form,
        "send_at": schedule.send_at(),
        "last_sent": DigestSent.objects.filter(user=user).order_by("-day").first(),
    }
    return render(request, "reminders/settings.html", context)


@requires(Capability.RECORDS_WRITE)
@require_http_methods(["GET", "POST"])
def letters(request: HttpRequest) -> HttpResponse:
    """Every overdue report's letter at once: the e-mail where the business has an address,
    one PDF of the others to print."""
    today = timezone.localdate()
    subject = f"reminders.letters:{request.user.organization_id}"
    if request.method == "POST":
        try:
            job = jobs.start(
                kind=LETTERS,
                user=request.user,
                title=_("Report request letters of %(today)s") % {"today": today.isoformat()},
                subject=subject,
                params={"today": today.isoformat()},
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("reminders:letters")
        return redirect("jobs:detail", pk=job.pk)
    pending = overdue_letters(request.user, today)
    context = {
        "pending": pending,
        "with_email": sum(1 for letter in pending if letter.email),
        "running_job": jobs.active_for(subject),
        "recent": ReportRequest.objects.filter(organization=request.user.organization_id)
        .select_related("plan__business", "sent_by")
        .order_by("-sent_at", "-pk")[:20],
        "jobs": Job.objects.for_user(request.user).filter(kind=LETTERS)[:5],
    }
    return render(request, "reminders/letters.html", context)
