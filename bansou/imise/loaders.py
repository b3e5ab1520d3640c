"""The one way a view loads a season, a judge or a public vote page: 404 for another
chamber's, 403 without the rights."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from bansou.core.errors import ExplainedNotFound
from bansou.core.permissions import Capability
from bansou.organizations.models import Organization

from .models import Judge, Season


def get_season_for_user(user, pk: int, *, manage: bool = False) -> Season:
    season = get_object_or_404(
        Season.objects.filter(organization=user.organization_id).select_related("programme"),
        pk=pk,
    )
    if not user.has_capability(Capability.PROGRAMMES_READ) or (
        manage and not user.has_capability(Capability.PROGRAMMES_MANAGE)
    ):
        raise PermissionDenied
    return season


def get_judge_for_user(user, pk: int) -> Judge:
    """A judge's sheet: the judge's own account, or a plan keeper typing an outside judge's."""
    judge = get_object_or_404(
        Judge.objects.filter(organization=user.organization_id).select_related("season"), pk=pk
    )
    if not user.has_capability(Capability.PROGRAMMES_READ):
        raise PermissionDenied
    if judge.user_id != user.pk and not user.has_capability(Capability.PROGRAMMES_MANAGE):
        raise PermissionDenied
    return judge


def public_season(slug: str) -> Season:
    """The chamber's season the public page shows: the one open now, else the latest that
    has opened (its page says voting is closed). No season: a 404 that says so."""
    organization = get_object_or_404(Organization.objects.only("pk", "name"), slug=slug)
    now = timezone.now()
    season = (
        Season.objects.filter(organization=organization, votes_open__lte=now)
        .select_related("organization")
        .order_by("-votes_open")
        .first()
    )
    if season is None:
        from django.utils.translation import gettext as _

        raise ExplainedNotFound(_("There is no i-mise vote at the moment."))
    return season
