"""The public vote (no sign-in, phone first): the candidate stores of the chamber's season,
a store's page and its vote button. One vote per device per store per day (signed device
cookie, hashed) and a daily limit per address (hashed); refusals are polite and write nothing.
The pages never show vote counts or anything about other voters."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bansou.accounts.lockout import client_address
from bansou.core.errors import DomainError
from bansou.core.pagination import paginate
from bansou.core.permissions import public
from bansou.lib.text import search_words, to_katakana

from . import hashing, services
from .loaders import public_season
from .models import Candidate, StoreCategory

# How a refusal answers: the page says why; the status tells a script.
REFUSAL_STATUS = {"already_voted": 409, "address_limit": 429, "closed": 409, "unknown_store": 404}


def _device(request: HttpRequest) -> tuple[str, bool]:
    """The device id of the visitor's cookie, or a new one (True: set the cookie)."""
    device_id = hashing.device_id_of(request)
    return (device_id, False) if device_id else (hashing.new_device_id(), True)


def _respond(request, template, context, device_id, new, status=200) -> HttpResponse:
    response = render(request, template, context, status=status)
    if new:
        hashing.set_device_cookie(response, device_id)
    return response


@public
def vote_index(request: HttpRequest, org: str) -> HttpResponse:
    season = public_season(org)
    candidates = Candidate.objects.filter(season=season).only(
        "pk", "name", "category", "area", "season_id"
    )
    query = search_words(request.GET.get("q", ""))
    if query:
        candidates = candidates.filter(
            Q(name__icontains=query) | Q(name_kana__icontains=to_katakana(query))
        )
    category = request.GET.get("category", "").replace("\x00", "")
    if category in StoreCategory.values:
        candidates = candidates.filter(category=category)
    else:
        category = ""
    areas = list(
        Candidate.objects.filter(season=season)
        .exclude(area="")
        .order_by("area")
        .values_list("area", flat=True)
        .distinct()
    )
    area = request.GET.get("area", "").replace("\x00", "")
    if area in areas:
        candidates = candidates.filter(area=area)
    else:
        area = ""
    device_id, new = _device(request)
    page = paginate(request, candidates.order_by("name_kana", "pk"))
    context = {
        "season": season,
        "is_open": season.is_open(),
        "page": page,
        "query": query,
        "category": category,
        "categories": StoreCategory.choices,
        "area": area,
        "areas": areas,
        "voted": services.voted_today(season, None if new else device_id),
    }
    return _respond(request, "vote/index.html", context, device_id, new)


def _store_page(request, season, candidate, device_id, new, *, message="", level="", status=200):
    context = {
        "season": season,
        "is_open": season.is_open(),
        "candidate": candidate,
        "voted": candidate.pk in services.voted_today(season, None if new else device_id),
        "message": message,
        "level": level,
    }
    return _respond(request, "vote/store.html", context, device_id, new, status=status)


def _refused(request, season, message, device_id, new, status) -> HttpResponse:
    context = {"season": season, "message": message}
    return _respond(request, "vote/refused.html", context, device_id, new, status=status)


@public
def vote_store(request: HttpRequest, org: str, pk: str) -> HttpResponse:
    season = public_season(org)
    device_id, new = _device(request)
    candidate = services.candidate_of(season, pk)
    if candidate is None:
        message = _("This store is not a candidate of this vote.")
        return _refused(request, season, message, device_id, new, 404)
    return _store_page(request, season, candidate, device_id, new)


@public
@require_POST
def vote_cast(request: HttpRequest, org: str, pk: str) -> HttpResponse:
    season = public_season(org)
    device_id, new = _device(request)
    candidate = services.candidate_of(season, pk)
    if candidate is None:
        message = _("This store is not a candidate of this vote.")
        return _refused(request, season, message, device_id, new, 404)
    try:
        services.cast_vote(season, candidate, device_id=device_id, address=client_address(request))
    except DomainError as exc:
        status = REFUSAL_STATUS.get(exc.code, 400)
        return _store_page(
            request, season, candidate, device_id, new, message=exc.message, level="warning",
            status=status,
        )  # fmt: skip
    message = _("Thank you for voting for %(store)s!") % {"store": candidate.name}
    return _store_page(request, season, candidate, device_id, new, message=message, level="success")
