"""What the staff and the judges read: a season's figures and the fraud report.

Every figure is one aggregate in the database, whatever the number of votes. The fraud report
lists suspicious patterns by the declared thresholds (rules.py) with counts, times and stores
only: a hashed address or device is shown by its first eight characters, never anything that
names a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.db.models.functions import TruncHour
from django.utils import timezone

from . import rules
from .models import Candidate, Vote

SHOWN = 50  # rows shown per pattern (the report says when more matched)


@dataclass
class Pattern:
    key: str
    rows: list[dict]
    more: int


def _names(ids) -> dict[int, str]:
    return dict(Candidate.objects.filter(pk__in=set(ids)).values_list("pk", "name"))


def _limited(queryset) -> tuple[list[dict], int]:
    rows = list(queryset[: SHOWN + 1])
    more = 0
    if len(rows) > SHOWN:
        more = queryset.count() - SHOWN
        rows = rows[:SHOWN]
    return rows, more


def fraud_report(season) -> list[Pattern]:
    votes = Vote.objects.filter(season=season).order_by()
    same_address, more_a = _limited(
        votes.values("address_hash", "candidate_id")
        .annotate(n=Count("pk"), days=Count("day", distinct=True), first=Min("created_at"),
                  last=Max("created_at"))
        .filter(n__gte=rules.SAME_ADDRESS_STORE_VOTES)
        .order_by("-n", "candidate_id", "address_hash")
    )  # fmt: skip
    hourly, more_h = _limited(
        votes.annotate(hour=TruncHour("created_at", tzinfo=timezone.get_current_timezone()))
        .values("candidate_id", "hour")
        .annotate(n=Count("pk"), addresses=Count("address_hash", distinct=True),
                  devices=Count("device_hash", distinct=True), first=Min("created_at"),
                  last=Max("created_at"))
        .filter(n__gte=rules.STORE_VOTES_PER_HOUR)
        .order_by("-n", "hour", "candidate_id")
    )  # fmt: skip
    devices, more_d = _limited(
        votes.values("device_hash")
        .annotate(n=Count("pk"), stores=Count("candidate_id", distinct=True),
                  days=Count("day", distinct=True), first=Min("created_at"),
                  last=Max("created_at"))
        .filter(n__gte=rules.DEVICE_VOTES)
        .order_by("-n", "device_hash")
    )  # fmt: skip
    names = _names([r["candidate_id"] for r in same_address + hourly])
    for row in same_address + hourly:
        row["store"] = names.get(row["candidate_id"], "")
    for row in same_address:
        row["address"] = row.pop("address_hash")[:8]
    for row in devices:
        row["device"] = row.pop("device_hash")[:8]
    return [
        Pattern("same_address", same_address, more_a),
        Pattern("hourly", hourly, more_h),
        Pattern("device", devices, more_d),
    ]


def season_figures(season) -> dict:
    votes = Vote.objects.filter(season=season).order_by()
    totals = votes.aggregate(
        votes=Count("pk"),
        devices=Count("device_hash", distinct=True),
        first=Min("created_at"),
        last=Max("created_at"),
    )
    by_day = list(votes.values("day").annotate(n=Count("pk")).order_by("day"))
    totals["candidates"] = Candidate.objects.filter(season=season).count()
    totals["by_day"] = by_day
    totals["most_in_a_day"] = max((d["n"] for d in by_day), default=0)
    return totals
