"""The merge screen: a dry-run report with the name candidates to confirm, then the merge."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bansou.core.errors import DomainError
from bansou.core.permissions import Capability, requires

from . import merge
from .forms import MergeForm


@requires(Capability.CHAMBER_MERGE)
@require_http_methods(["GET", "POST"])
def merge_view(request: HttpRequest) -> HttpResponse:
    """Only an operator who administers every chamber (a superuser) merges two of them: a
    chamber's administrator must not pull another chamber's records into their own."""
    form = MergeForm(request.POST or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = {"merged_on": data["merged_on"], "users": data["users"]}
        try:
            report = merge.plan_merge(data["source"], data["target"], **options)
            if request.POST.get("action") == "merge":
                chosen = set(request.POST.getlist("merge_pair"))
                review = merge.answered_review(report.candidates, chosen)
                merge.merge_organizations(
                    data["source"], data["target"], actor=request.user, review=review, **options
                )
                messages.success(
                    request,
                    _("Merged %(source)s into %(target)s.")
                    % {"source": data["source"].name, "target": data["target"].name},
                )
                return redirect("organizations:merge")
        except DomainError as exc:
            messages.error(request, exc.message)
            report = None
    return render(request, "organizations/merge.html", {"form": form, "report": report})
