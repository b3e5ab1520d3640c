"""The questionnaire screens: the current version with its history, and the editor."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bansou.core.errors import DomainError
from bansou.core.permissions import Capability, requires
from bansou.lib.ids import parse_id

from . import services
from .access import can_edit_questionnaire
from .forms import ItemFormSet, ThresholdsForm, version_initial
from .models import QuestionnaireVersion


@requires(Capability.QUESTIONNAIRE_READ)
def questionnaire(request: HttpRequest) -> HttpResponse:
    """The wording is how the chamber measures やる気度; any member may read it."""
    current = services.current_version(request.user.organization)
    shown = current
    number = parse_id(request.GET.get("version", ""))  # malformed: the current version
    if number is not None and number != current.number:
        # An older version, to read what an old check's score meant.
        shown = get_object_or_404(
            QuestionnaireVersion.objects.prefetch_related(services.items_prefetch()),
            questionnaire=current.questionnaire_id,
            number=number,
        )
    history = (
        QuestionnaireVersion.objects.filter(questionnaire=current.questionnaire_id)
        .select_related("created_by")
        .annotate(check_count=Count("checks"))
        .order_by("-number")
    )
    context = {
        "version": shown,
        "current": current,
        "questionnaire": current.questionnaire,
        "history": history,
        "can_edit": can_edit_questionnaire(request.user),
    }
    return render(request, "motivation/questionnaire.html", context)


@requires(Capability.QUESTIONNAIRE_EDIT)
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request: HttpRequest) -> HttpResponse:
    organization = request.user.organization
    current = services.current_version(organization)
    thresholds, items = version_initial(current)
    if request.method == "POST":
        form = ThresholdsForm(
            request.POST, organization=organization, versioned=current.questionnaire
        )
        formset = ItemFormSet(request.POST, prefix="items")
    else:
        form = ThresholdsForm(
            initial=thresholds, organization=organization, versioned=current.questionnaire
        )
        formset = ItemFormSet(initial=items, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            version = services.publish_version(
                current.questionnaire,
                items=formset.drafts(),
                thresholds=form.thresholds(),
                note=form.cleaned_data["note"],
                actor=request.user,
                lock_version=form.cleaned_data["lock_version"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Saved as version %(number)d. Earlier checks keep their version.")
                % {"number": version.number},
            )
            return redirect("motivation:questionnaire")
    context = {"form": form, "formset": formset, "version": current}
    return render(request, "motivation/questionnaire_form.html", context)
