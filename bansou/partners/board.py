"""The coordinator's screen and the partner counts, aggregated in the database.

Every list is cut to a fixed length and every count is one aggregate, so the screen runs the
same number of queries with 50 cases or 5,000 (tested, and timed in benchmarks/).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from .models import (
    CaseStatus,
    DispatchCase,
    DispatchVisit,
    Expert,
    Partner,
    Referral,
    ReferralStatus,
    VisitStatus,
)

SHOWN = 20


@dataclass
class Board:
    requests: list
    request_count: int
    next_visits: list
    next_visit_count: int
    stalled: list
    stalled_count: int
    open_case_count: int
    experts: list


def stalled_cases(organization_id: int, today: date):
    """Open cases with no booked visit ahead and no next step due from today on."""
    upcoming = DispatchVisit.objects.filter(
        case=OuterRef("pk"), status=VisitStatus.BOOKED, visited_on__gte=today
    )
    return (
        DispatchCase.objects.filter(organization=organization_id, status=CaseStatus.OPEN)
        .exclude(Exists(upcoming))
        .exclude(~Q(next_step="") & Q(next_step_on__gte=today))
        .exclude(~Q(next_step="") & Q(next_step_on__isnull=True))
    )


def build_board(organization_id: int, today: date) -> Board:
    requests = Referral.objects.filter(
        organization=organization_id, status=ReferralStatus.RECEIVED
    ).order_by("referred_on", "pk")
    next_visits = DispatchVisit.objects.filter(
        organization=organization_id, status=VisitStatus.BOOKED, visited_on__gte=today
    ).order_by("visited_on", "pk")
    stalled = stalled_cases(organization_id, today).order_by("opened_on", "pk")
    counts = DispatchCase.objects.filter(organization=organization_id).aggregate(
        open=Count("pk", filter=Q(status=CaseStatus.OPEN)),
    )
    # Each expert's load: two GROUP BYs over the indexed foreign keys, merged here.
    open_by_expert = dict(
        DispatchCase.objects.filter(
            organization=organization_id, status=CaseStatus.OPEN, expert__isnull=False
        )
        .order_by()
        .values_list("expert")
        .annotate(n=Count("pk"))
    )
    booked_by_expert = dict(
        next_visits.filter(expert__isnull=False)
        .order_by()
        .values_list("expert")
        .annotate(n=Count("pk"))
    )
    loaded = set(open_by_expert) | set(booked_by_expert)
    experts = list(Expert.objects.filter(organization=organization_id, pk__in=loaded))
    for expert in experts:
        expert.open_cases = open_by_expert.get(expert.pk, 0)
        expert.booked = booked_by_expert.get(expert.pk, 0)
    experts.sort(key=lambda e: (-e.open_cases, e.name, e.pk))
    # The stalled cases' ids once, oldest first: their number and the first page from one query.
    stalled_ids = list(stalled.values_list("pk", flat=True))
    shown = {
        c.pk: c
        for c in DispatchCase.objects.filter(
            organization=organization_id, pk__in=stalled_ids[:SHOWN]
        ).select_related("business", "expert", "programme", "staff")
    }
    return Board(
        requests=list(requests.select_related("partner", "business", "staff")[:SHOWN]),
        request_count=requests.count(),
        next_visits=list(
            next_visits.select_related("case__business", "expert", "staff", "programme").defer(
                "report_file", "report", "work_done"
            )[:SHOWN]
        ),
        next_visit_count=next_visits.count(),
        stalled=[shown[pk] for pk in stalled_ids[:SHOWN] if pk in shown],
        stalled_count=len(stalled_ids),
        open_case_count=counts["open"],
        experts=experts[:SHOWN],
    )


@dataclass
class CountRow:
    partner: Partner
    counts: list[int]
    total: int


def partner_counts(organization_id: int, fiscal_years: list[int]) -> tuple[list[CountRow], list]:
    """連携支援件数: accepted referrals per partner and fiscal year (one GROUP BY)."""
    grouped = (
        Referral.objects.filter(
            organization=organization_id,
            status=ReferralStatus.ACCEPTED,
            fiscal_year__in=fiscal_years,
        )
        .order_by()
        .values_list("partner", "fiscal_year")
        .annotate(n=Count("pk"))
    )
    table = {(partner, fy): n for partner, fy, n in grouped}
    rows = [
        CountRow(p, [table.get((p.pk, fy), 0) for fy in fiscal_years], 0)
        for p in Partner.objects.filter(organization=organization_id)
    ]
    for row in rows:
        row.total = sum(row.counts)
    totals = [sum(row.counts[i] for row in rows) for i in range(len(fiscal_years))]
    return rows, totals


def referral_years(organization_id: int) -> list[int]:
    return list(
        Referral.objects.filter(organization=organization_id)
        .order_by("fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
