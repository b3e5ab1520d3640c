"""Staff screens that set up a season: create and edit it, add and remove its judges (plan
keepers: PROGRAMMES_MANAGE)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.core.errors import DomainError
from bansou.core.permissions import Capability, requires

from . import services
from .forms import JudgeForm, SeasonForm
from .loaders import get_judge_for_user, get_season_for_user
from .models import Judge, Season, Vote


def _posted(request: HttpRequest):
    """The posted data (even an empty form is a bound form that says what is missing)."""
    return request.POST if request.method == "POST" else None


def _season_form(request: HttpRequest, season: Season) -> HttpResponse:
    creating = season.pk is None
    before = services.season_snapshot(season)
    form = SeasonForm(_posted(request), instance=season, organization=request.user.organization_id)
    if request.method == "POST" and form.is_valid():
        season = form.save(commit=False)
        season.votes_open, season.votes_close = form.period()
        try:
            services.save_season(season, before, actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the i-mise season."))
            return redirect("imise:season", pk=season.pk)
    context = {
        "form": form,
        "season": None if creating else season,
        "creating": creating,
        "has_votes": not creating and Vote.objects.filter(season=season).exists(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "imise/season_form.html", context, status=status)


@requires(Capability.PROGRAMMES_MANAGE)
@require_http_methods(["GET", "POST"])
def season_create(request: HttpRequest) -> HttpResponse:
    return _season_form(request, Season(organization_id=request.user.organization_id))


@requires(Capability.PROGRAMMES_MANAGE)
@require_http_methods(["GET", "POST"])
def season_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _season_form(request, get_season_for_user(request.user, pk, manage=True))


@requires(Capability.PROGRAMMES_MANAGE)
@require_http_methods(["GET", "POST"])
def judges(request: HttpRequest, pk: int) -> HttpResponse:
    season = get_season_for_user(request.user, pk, manage=True)
    form = JudgeForm(_posted(request), organization=request.user.organization_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            judge = services.add_judge(
                season,
                name=data["name"],
                affiliation=data["affiliation"],
                user=data["user"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Added %(judge)s as a judge.") % {"judge": judge})
            return redirect("imise:judges", pk=season.pk)
    rows = (
        Judge.objects.filter(season=season)
        .select_related("user")
        .annotate(score_total=Count("scores"))
        .order_by("pk")
    )
    context = {"season": season, "form": form, "judges": rows}
    status = 400 if request.method == "POST" else 200
    return render(request, "imise/judges.html", context, status=status)


@requires(Capability.PROGRAMMES_MANAGE)
@require_POST
def judge_remove(request: HttpRequest, pk: int) -> HttpResponse:
    judge = get_judge_for_user(request.user, pk)
    try:
        services.remove_judge(judge, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Removed %(judge)s from the judges.") % {"judge": judge})
    return redirect("imise:judges", pk=judge.season_id)
