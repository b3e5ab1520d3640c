"""The award's staff screens: seasons, a season's votes and candidates, the fraud report, the
judging (sheets, ranking, confirmation of the winners) and the winners with their follow-on
support."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.core.errors import DomainError
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires
from bansou.lib.eras import fiscal_year as fiscal_year_of
from bansou.lib.text import parse_integer, search_words, to_katakana
from bansou.programmes.models import Participation, ParticipationStatus, ProgrammeKind
from bansou.support.models import SupportRecord

from . import reports, rules, services
from .loaders import get_judge_for_user, get_season_for_user
from .models import Candidate, Criterion, Judge, Score, Season, Vote

# Programmes whose participation after the award is the winners' follow-on publicity.
FOLLOW_ON_KINDS = (
    ProgrammeKind.VIDEO_PRODUCTION,
    ProgrammeKind.VIDEO_STREAMING,
    ProgrammeKind.SNS,
    ProgrammeKind.PRESS_RELEASE,
    ProgrammeKind.JOINT_PRESS,
    ProgrammeKind.EXHIBITION,
    ProgrammeKind.VOUCHER,
    ProgrammeKind.CASHLESS,
    ProgrammeKind.STORE_DIAGNOSIS,
)
YEARS = range(1873, 9998)


@requires(Capability.PROGRAMMES_READ)
def season_list(request: HttpRequest) -> HttpResponse:
    seasons = list(Season.objects.filter(organization=request.user.organization_id))
    ids = [s.pk for s in seasons]
    votes = dict(
        Vote.objects.filter(season__in=ids).order_by().values_list("season").annotate(n=Count("pk"))
    )
    candidates = dict(
        Candidate.objects.filter(season__in=ids)
        .order_by()
        .values_list("season")
        .annotate(n=Count("pk"))
    )
    for season in seasons:
        season.vote_total = votes.get(season.pk, 0)
        season.candidate_total = candidates.get(season.pk, 0)
    context = {
        "seasons": seasons,
        "now": timezone.now(),
        "can_manage": request.user.has_capability(Capability.PROGRAMMES_MANAGE),
    }
    return render(request, "imise/list.html", context)


@requires(Capability.PROGRAMMES_READ)
def season_detail(request: HttpRequest, pk: int) -> HttpResponse:
    season = get_season_for_user(request.user, pk)
    candidates = services.with_vote_counts(Candidate.objects.filter(season=season))
    query = search_words(request.GET.get("q", ""))
    if query:
        candidates = candidates.filter(
            Q(name__icontains=query) | Q(name_kana__icontains=to_katakana(query))
        )
    page = paginate(request, candidates.order_by("-vote_count", "name_kana", "pk"))
    context = {
        "season": season,
        "figures": reports.season_figures(season),
        "page": page,
        "query": query,
        "is_open": season.is_open(),
        "can_manage": request.user.has_capability(Capability.PROGRAMMES_MANAGE),
    }
    return render(request, "imise/season.html", context)


@requires(Capability.PROGRAMMES_READ)
def fraud_report(request: HttpRequest, pk: int) -> HttpResponse:
    season = get_season_for_user(request.user, pk)
    patterns = {p.key: p for p in reports.fraud_report(season)}
    context = {
        "season": season,
        "patterns": patterns,
        "thresholds": {
            "same_address": rules.SAME_ADDRESS_STORE_VOTES,
            "hourly": rules.STORE_VOTES_PER_HOUR,
            "device": rules.DEVICE_VOTES,
        },
    }
    return render(request, "imise/fraud.html", context)


@requires(Capability.PROGRAMMES_MANAGE)
@require_POST
def select_finalists(request: HttpRequest, pk: int) -> HttpResponse:
    season = get_season_for_user(request.user, pk, manage=True)
    try:
        chosen = services.select_finalists(season, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s finalists chosen by votes.") % {"n": len(chosen)})
    return redirect("imise:judging", pk=season.pk)


@requires(Capability.PROGRAMMES_READ)
def judging(request: HttpRequest, pk: int) -> HttpResponse:
    season = get_season_for_user(request.user, pk)
    ranked = services.ranking(season)
    judges = list(
        Judge.objects.filter(season=season)
        .select_related("user")
        .annotate(n=Count("scores", filter=Q(scores__candidate__is_finalist=True)))
    )
    expected = len(ranked) * len(Criterion.values)
    for judge in judges:
        judge.complete = expected > 0 and judge.n >= expected
        judge.can_enter = judge.user_id == request.user.pk or request.user.has_capability(
            Capability.PROGRAMMES_MANAGE
        )
    winners = set(
        Candidate.objects.filter(
            season=season, participation__status=ParticipationStatus.WINNER
        ).values_list("pk", flat=True)
    )
    chosen = (
        winners
        if season.confirmed_at
        else {r.entry.candidate_id for r in ranked[: season.winner_count]}
    )
    context = {
        "season": season,
        "ranked": ranked,
        "judges": judges,
        "winners": winners,
        "chosen": chosen,
        "is_open": season.is_open(),
        "can_manage": request.user.has_capability(Capability.PROGRAMMES_MANAGE),
        "judge_weight": 100 - season.vote_weight,
    }
    return render(request, "imise/judging.html", context)


@requires(Capability.PROGRAMMES_MANAGE)
@require_POST
def confirm_winners(request: HttpRequest, pk: int) -> HttpResponse:
    season = get_season_for_user(request.user, pk, manage=True)
    ids = []
    for value in request.POST.getlist("winner"):
        try:
            ids.append(parse_integer(value, allow_negative=False))
        except (ValueError, DomainError):
            messages.error(request, _("Choose the winners from the list."))
            return redirect("imise:judging", pk=season.pk)
    try:
        n = services.confirm_winners(season, ids, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s winners confirmed.") % {"n": n})
    return redirect("imise:judging", pk=season.pk)


def _field(candidate_id: int, criterion: str) -> str:
    return f"s-{candidate_id}-{criterion}"


@requires(Capability.PROGRAMMES_READ)
@require_http_methods(["GET", "POST"])
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    judge = get_judge_for_user(request.user, pk)
    season = judge.season
    finalists = list(
        Candidate.objects.filter(season=season, is_finalist=True).order_by("name_kana", "pk")
    )
    stored = {(s.candidate_id, s.criterion): s.points for s in Score.objects.filter(judge=judge)}
    values = {(c.pk, k): stored.get((c.pk, k), "") for c in finalists for k in Criterion.values}
    errors = []
    if request.method == "POST":
        points = {}
        for c in finalists:
            for k in Criterion.values:
                raw = request.POST.get(_field(c.pk, k), "").strip()
                values[(c.pk, k)] = raw
                if not raw:
                    continue
                try:
                    points[(c.pk, k)] = parse_integer(raw, allow_negative=False)
                except (ValueError, DomainError):
                    errors.append(_("%(store)s: the points are not a number.") % {"store": c.name})
        if not errors:
            try:
                services.save_scores(judge, points, actor=request.user)
            except DomainError as exc:
                errors.append(exc.message)
            else:
                messages.success(request, _("Saved the scores of %(judge)s.") % {"judge": judge})
                return redirect("imise:judging", pk=season.pk)
    rows = [
        (c, [(k, label, _field(c.pk, k), values[(c.pk, k)]) for k, label in Criterion.choices])
        for c in finalists
    ]
    context = {
        "judge": judge,
        "season": season,
        "rows": rows,
        "criteria": Criterion.choices,
        "errors": errors,
        "max_points": rules.MAX_POINTS,
    }
    return render(request, "imise/scores.html", context, status=400 if errors else 200)


@requires(Capability.PROGRAMMES_READ)
def winners(request: HttpRequest) -> HttpResponse:
    """The winners of a fiscal year (the i-mise programmes' participations with status winner)
    and what the chamber did for each after the award: participations in its publicity and
    sales programmes, and support records."""
    try:
        fy = int(request.GET.get("fy", ""))
    except ValueError:
        fy = None
    organization = request.user.organization_id
    years = list(
        Participation.objects.filter(
            organization=organization,
            programme__kind=ProgrammeKind.IMISE_AWARD,
            status=ParticipationStatus.WINNER,
        )
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    if fy not in YEARS:
        fy = years[0] if years else fiscal_year_of(timezone.localdate())
    won = list(
        Participation.objects.for_user(request.user)
        .filter(
            programme__kind=ProgrammeKind.IMISE_AWARD,
            status=ParticipationStatus.WINNER,
            fiscal_year=fy,
        )
        .select_related("business", "business__district", "programme")
        .order_by("business__name_kana", "pk")
    )
    businesses = [w.business_id for w in won]
    after = min((w.started_on for w in won), default=None)
    follow_on = {}
    support = {}
    if won:
        for p in (
            Participation.objects.for_user(request.user)
            .filter(
                business__in=businesses, programme__kind__in=FOLLOW_ON_KINDS, started_on__gte=after
            )
            .select_related("programme")
            .order_by("started_on", "pk")
        ):
            follow_on.setdefault(p.business_id, []).append(p)
        support = {
            row["business"]: row
            for row in SupportRecord.objects.for_user(request.user)
            .filter(business__in=businesses, occurred_on__gte=after)
            .order_by()
            .values("business")
            .annotate(n=Count("pk"), last=Max("occurred_on"))
        }
    rows = []
    for w in won:
        own = [p for p in follow_on.get(w.business_id, []) if p.started_on >= w.started_on]
        rows.append({"winner": w, "follow_on": own, "support": support.get(w.business_id)})
    context = {"fy": fy, "years": years, "rows": rows}
    return render(request, "imise/winners.html", context)
