"""Operations of the award: casting a vote, choosing finalists, the judges' sheets, the
ranking and the confirmation of the winners (through the programmes service, so that the
evaluation counts the winners' participations)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.lib.eras import fiscal_year_label
from bansou.programmes import services as programmes
from bansou.programmes.models import Participation, ParticipationStatus

from . import hashing, rules
from .models import Candidate, Criterion, Judge, Score, Season, Vote

# --- voting -------------------------------------------------------------------------------


def candidate_of(season: Season, raw_id) -> Candidate | None:
    """The season's candidate store with this id; None for anything else (another season's
    or chamber's store, an id that names nothing, a value that is no id)."""
    try:
        pk = int(str(raw_id))
    except ValueError:
        return None
    if not 0 < pk < 2**63:
        return None
    return Candidate.objects.filter(season=season, pk=pk).first()


def cast_vote(
    season: Season, candidate: Candidate, *, device_id: str, address: str | None, now=None
) -> Vote:
    """One vote: refused (DomainError, nothing written) outside the voting period, for a
    store of another season, a second time the same day from the same device, or beyond the
    address's daily limit for the store. The write is one short transaction: a count on an
    index and one INSERT whose unique constraint is the once-a-day rule."""
    now = now or timezone.now()
    if candidate.season_id != season.pk:
        raise DomainError(_("This store is not a candidate of this vote."), code="unknown_store")
    if not season.is_open(now):
        raise DomainError(_("Voting is closed. Thank you for your interest."), code="closed")
    day = timezone.localdate(now)
    vote = Vote(
        organization_id=season.organization_id,
        season=season,
        candidate=candidate,
        day=day,
        device_hash=hashing.device_hash(season.pk, device_id),
        address_hash=hashing.address_hash(season.pk, address),
        created_at=now,
    )
    try:
        with transaction.atomic():
            from_address = Vote.objects.filter(
                candidate=candidate, day=day, address_hash=vote.address_hash
            ).count()
            if from_address >= season.address_daily_limit:
                raise DomainError(
                    _(
                        "Many votes for this store have come from your network today. "
                        "Please vote again tomorrow. Thank you."
                    ),
                    code="address_limit",
                )
            vote.save(force_insert=True)
    except IntegrityError:
        raise DomainError(
            _(
                "You have already voted for this store today. Thank you! "
                "You can vote for it again tomorrow."
            ),
            code="already_voted",
        ) from None
    return vote


def voted_today(season: Season, device_id: str | None, now=None) -> set[int]:
    """Ids of the stores this device has voted for today (to show on the page)."""
    if not device_id:
        return set()
    day = timezone.localdate(now or timezone.now())
    return set(
        Vote.objects.filter(
            season=season, day=day, device_hash=hashing.device_hash(season.pk, device_id)
        ).values_list("candidate_id", flat=True)
    )


# --- finalists and judging ----------------------------------------------------------------


def with_vote_counts(candidates):
    return candidates.annotate(vote_count=Count("votes"))


@transaction.atomic
def select_finalists(season: Season, *, actor) -> list[int]:
    """The season's `finalist_count` stores with the most votes become its finalists
    (ties: the earlier registered store). Refused once the winners are confirmed."""
    if season.confirmed_at:
        raise DomainError(_("The winners are already confirmed."), code="confirmed")
    if season.is_open():
        raise DomainError(_("Voting is still open."), code="open")
    top = list(
        with_vote_counts(Candidate.objects.filter(season=season))
        .order_by("-vote_count", "pk")
        .values_list("pk", flat=True)[: season.finalist_count]
    )
    Candidate.objects.filter(season=season).update(is_finalist=False)
    Candidate.objects.filter(pk__in=top).update(is_finalist=True)
    log_action(season, "imise.season.finalists", actor, {"finalists": len(top)})
    return top


@transaction.atomic
def save_scores(judge: Judge, points: dict[tuple[int, str], int], *, actor) -> int:
    """Store a judge's sheet: (finalist id, criterion) → points 1–10. All or nothing."""
    season = judge.season
    if season.confirmed_at:
        raise DomainError(_("The winners are already confirmed."), code="confirmed")
    finalists = set(
        Candidate.objects.filter(season=season, is_finalist=True).values_list("pk", flat=True)
    )
    for (candidate_id, criterion), value in points.items():
        if candidate_id not in finalists or criterion not in Criterion.values:
            raise DomainError(_("The sheet names a store that is not a finalist."), code="store")
        if not 1 <= value <= rules.MAX_POINTS:
            raise DomainError(
                _("Points are from 1 to %(max)s.") % {"max": rules.MAX_POINTS}, code="points"
            )
    Score.objects.filter(judge=judge).delete()
    Score.objects.bulk_create(
        Score(
            organization_id=judge.organization_id,
            judge=judge,
            candidate_id=candidate_id,
            criterion=criterion,
            points=value,
        )
        for (candidate_id, criterion), value in points.items()
    )
    log_action(judge, "imise.judge.scored", actor, {"scores": len(points)})
    return len(points)


def ranking(season: Season) -> list[rules.Ranked]:
    """The finalists ranked by the declared rule (rules.rank), in three queries."""
    finalists = list(
        with_vote_counts(Candidate.objects.filter(season=season, is_finalist=True)).values_list(
            "pk", "name", "vote_count"
        )
    )
    points: dict[int, list[int]] = {pk: [] for pk, _name, _votes in finalists}
    for candidate_id, value in Score.objects.filter(judge__season=season).values_list(
        "candidate_id", "points"
    ):
        if candidate_id in points:
            points[candidate_id].append(value)
    entries = [rules.Entry(pk, name, votes, tuple(points[pk])) for pk, name, votes in finalists]
    return rules.rank(entries, season.vote_weight)


def missing_sheets(season: Season) -> list[str]:
    """Judges who have not scored every finalist on every criterion."""
    finalists = Candidate.objects.filter(season=season, is_finalist=True).count()
    expected = finalists * len(Criterion.values)
    judges = (
        Judge.objects.filter(season=season)
        .annotate(n=Count("scores", filter=Q(scores__candidate__is_finalist=True)))
        .order_by("pk")
    )
    return [judge.name for judge in judges if judge.n < expected]


@transaction.atomic
def confirm_winners(season: Season, candidate_ids: list[int], *, actor, now=None) -> int:
    """Make these finalists the season's winners: their programme participations become
    winners (programmes.update_participation, audited) and every other candidate of the season
    goes back to candidate. Refused while voting is open, without a judge's complete sheet, or
    for a store that is not a finalist."""
    now = now or timezone.now()
    if season.is_open(now):
        raise DomainError(_("Voting is still open."), code="open")
    if not candidate_ids:
        raise DomainError(_("Choose at least one winner."), code="none")
    if not Judge.objects.filter(season=season).exists():
        raise DomainError(_("No judge has been registered."), code="no_judges")
    missing = missing_sheets(season)
    if missing:
        raise DomainError(
            _("The scores of %(judges)s are not complete.") % {"judges": "、".join(missing)},
            code="sheets",
        )
    chosen = set(candidate_ids)
    finalists = set(
        Candidate.objects.filter(season=season, is_finalist=True).values_list("pk", flat=True)
    )
    if not chosen <= finalists:
        raise DomainError(_("Only finalists can be chosen as winners."), code="not_finalist")
    participations = Participation.objects.filter(imise_candidate__season=season).select_related(
        "programme", "business", "imise_candidate"
    )
    for participation in participations.filter(
        Q(imise_candidate__in=chosen) | Q(status=ParticipationStatus.WINNER)
    ):
        status = (
            ParticipationStatus.WINNER
            if participation.imise_candidate.pk in chosen
            else ParticipationStatus.CANDIDATE
        )
        if participation.status != status:
            participation.status = status
            programmes.update_participation(participation, actor=actor)
    season.confirmed_at, season.confirmed_by = now, actor
    season.save(update_fields=["confirmed_at", "confirmed_by"])
    log_action(season, "imise.season.confirmed", actor, {"winners": len(chosen)})
    return len(chosen)


# --- seasons and judges -------------------------------------------------------------------

SEASON_FIELDS = (
    "programme",
    "fiscal_year",
    "name",
    "votes_open",
    "votes_close",
    "finalist_count",
    "winner_count",
    "vote_weight",
    "address_daily_limit",
)


def season_snapshot(season: Season) -> dict:
    return snapshot(season, SEASON_FIELDS) if season.pk else {}


@transaction.atomic
def save_season(season: Season, before: dict, *, actor) -> Season:
    """Create or edit a season. Refused (DomainError, nothing written): voting that closes
    before it opens, a weight outside 0–100, more winners than finalists, a programme that is
    not the chamber's i-mise programme, a second season of a fiscal year, a new fiscal year
    for a season that has votes. A stale form raises VersionConflict (the 409 page)."""
    from bansou.programmes.models import ProgrammeKind

    creating = season.pk is None
    if season.votes_close <= season.votes_open:
        raise DomainError(_("Voting must close after it opens."), code="period")
    if not 0 <= season.vote_weight <= 100:
        raise DomainError(_("The weight of the votes is from 0 to 100."), code="weight")
    if season.winner_count > season.finalist_count:
        raise DomainError(_("There cannot be more winners than finalists."), code="winners")
    programme = season.programme
    if (
        programme.organization_id != season.organization_id
        or programme.kind != ProgrammeKind.IMISE_AWARD
    ):
        raise DomainError(_("Choose the chamber's i-mise programme."), code="programme")
    others = Season.objects.filter(
        organization=season.organization_id, fiscal_year=season.fiscal_year
    ).exclude(pk=season.pk)
    if others.exists():
        raise DomainError(
            _("There is already an i-mise season for %(fy)s.")
            % {"fy": fiscal_year_label(season.fiscal_year)},
            code="fiscal_year",
        )
    if not creating:
        stored = Season.objects.select_for_update().get(pk=season.pk)
        if stored.fiscal_year != season.fiscal_year and Vote.objects.filter(season=season).exists():
            raise DomainError(
                _("This season already has votes: its fiscal year cannot change."),
                code="fiscal_year_votes",
            )
    try:
        with transaction.atomic():
            season.save()
    except IntegrityError:  # a colleague created the same fiscal year meanwhile
        raise DomainError(
            _("There is already an i-mise season for %(fy)s.")
            % {"fy": fiscal_year_label(season.fiscal_year)},
            code="fiscal_year",
        ) from None
    if creating:
        log_action(season, "imise.season.created", actor)
    else:
        changes = diff(season, before, snapshot(season, SEASON_FIELDS))
        if changes:
            log_action(season, "imise.season.updated", actor, changes)
    return season


@transaction.atomic
def add_judge(season: Season, *, name: str, affiliation: str = "", user=None, actor) -> Judge:
    """A judge of the season: refused once the winners are confirmed, for a name the season
    already has, or for an account of another chamber."""
    if season.confirmed_at:
        raise DomainError(_("The winners are already confirmed."), code="confirmed")
    name = name.strip()
    if not name:
        raise DomainError(_("Enter the judge's name."), code="name")
    if user is not None and user.organization_id != season.organization_id:
        raise DomainError(_("Choose a staff account of the chamber."), code="user")
    if Judge.objects.filter(season=season, name=name).exists() or (
        user is not None and Judge.objects.filter(season=season, user=user).exists()
    ):
        raise DomainError(_("This judge is already a judge of the season."), code="duplicate")
    judge = Judge.objects.create(
        organization_id=season.organization_id,
        season=season,
        name=name,
        affiliation=affiliation.strip(),
        user=user,
    )
    log_action(
        judge,
        "imise.judge.added",
        actor,
        {"season": season.name, "account": str(user) if user else None},
    )
    return judge


@transaction.atomic
def remove_judge(judge: Judge, *, actor) -> None:
    """Remove a judge: refused once the winners are confirmed or after the judge has scored
    (the ranking would change without anyone seeing why)."""
    if judge.season.confirmed_at:
        raise DomainError(_("The winners are already confirmed."), code="confirmed")
    if Score.objects.filter(judge=judge).exists():
        raise DomainError(
            _("%(judge)s has already entered scores and cannot be removed.") % {"judge": judge},
            code="scored",
        )
    log_action(judge, "imise.judge.removed", actor, {"season": judge.season.name})
    judge.delete()
