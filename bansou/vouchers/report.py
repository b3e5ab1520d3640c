"""A member store's customers month by month, and the member-store list of a fiscal year.

Everything is aggregated in the database (GROUP BY): the store report costs one query for the
monthly totals and one per breakdown (gender, age band, area, occupation) whatever the number
of uses; the store list one query for the page of stores with their totals (subqueries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from bansou.businesses.models import Business
from bansou.programmes.sales import add_months

from .models import AgeBand, Gender, VoucherFeedback, VoucherUsage
from .services import member_stores

# Areas and occupations are the issuer's words: the most frequent are shown, the rest summed.
TOP_WORDS = 8
BREAKDOWNS = ("gender", "age_band", "area", "occupation")


def fiscal_months(fy: int) -> list[date]:
    return [add_months(date(fy, 4, 1), i) for i in range(12)]


@dataclass
class Line:
    """One category (女性, 30代, 青木 …): uses and yen per month, and the year's totals."""

    label: str
    uses: list[int]
    amounts: list[int]
    total_uses: int = 0
    total_amount: int = 0
    share: float = 0.0  # of the year's uses, in percent


@dataclass
class Breakdown:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class StoreReport:
    business: Business
    fiscal_year: int
    months: list[date]
    uses: list[int]
    amounts: list[int]
    total_uses: int
    total_amount: int
    breakdowns: list[Breakdown]

    @property
    def empty(self) -> bool:
        return self.total_uses == 0


def _titles() -> dict[str, str]:
    return {
        "gender": _("By gender"),
        "age_band": _("By age band"),
        "area": _("By area of residence"),
        "occupation": _("By occupation"),
    }


def _labels(key: str):
    if key == "gender":
        return dict(Gender.choices), [c for c, _l in Gender.choices]
    if key == "age_band":
        order = [c for c, _l in AgeBand.choices if c] + [AgeBand.UNKNOWN]
        return dict(AgeBand.choices), order
    return None, None


def _breakdown(key: str, rows, months: list[date], total: int) -> Breakdown:
    index = {m: i for i, m in enumerate(months)}
    by_value: dict[object, Line] = {}
    for value, month, uses, amount in rows:
        line = by_value.get(value)
        if line is None:
            line = by_value[value] = Line(str(value), [0] * 12, [0] * 12)
        line.uses[index[month]] += uses
        line.amounts[index[month]] += amount
        line.total_uses += uses
        line.total_amount += amount
    labels, order = _labels(key)
    if labels is not None:
        lines = []
        for code in order:
            if code in by_value:
                by_value[code].label = str(labels[code])
                lines.append(by_value[code])
    else:
        unknown = by_value.pop("", None)
        ranked = sorted(by_value.values(), key=lambda line: (-line.total_uses, line.label))
        lines, rest = ranked[:TOP_WORDS], ranked[TOP_WORDS:]
        if rest:
            other = Line(_("Others (%(count)s)") % {"count": len(rest)}, [0] * 12, [0] * 12)
            for line in rest:
                for i in range(12):
                    other.uses[i] += line.uses[i]
                    other.amounts[i] += line.amounts[i]
                other.total_uses += line.total_uses
                other.total_amount += line.total_amount
            lines.append(other)
        if unknown is not None:
            unknown.label = _("Not given")
            lines.append(unknown)
    for line in lines:
        line.share = round(100 * line.total_uses / total, 1) if total else 0.0
    return Breakdown(key, _titles()[key], lines)


def store_report(business: Business, fy: int) -> StoreReport:
    months = fiscal_months(fy)
    uses = VoucherUsage.objects.filter(
        business=business, month__gte=months[0], month__lte=months[-1]
    )
    totals = dict.fromkeys(months, (0, 0))
    for month, count, amount in (
        uses.values_list("month").annotate(n=Count("pk"), s=Sum("amount")).order_by()
    ):
        totals[month] = (count, amount)
    total_uses = sum(c for c, _a in totals.values())
    breakdowns = [
        _breakdown(
            key,
            uses.values_list(key, "month").annotate(n=Count("pk"), s=Sum("amount")).order_by(),
            months,
            total_uses,
        )
        for key in BREAKDOWNS
    ]
    return StoreReport(
        business=business,
        fiscal_year=fy,
        months=months,
        uses=[totals[m][0] for m in months],
        amounts=[totals[m][1] for m in months],
        total_uses=total_uses,
        total_amount=sum(a for _c, a in totals.values()),
        breakdowns=breakdowns,
    )


def store_list(organization, fy: int, *, query: str = ""):
    """The member stores with the fiscal year's uses, yen and hand-overs (one query a page)."""
    months = fiscal_months(fy)
    in_year = VoucherUsage.objects.filter(
        business=OuterRef("pk"), month__gte=months[0], month__lte=months[-1]
    ).values("business")
    handed = VoucherFeedback.objects.filter(business=OuterRef("pk"), fiscal_year=fy).values(
        "business"
    )
    stores = (
        Business.objects.filter(
            organization=organization, pk__in=member_stores(organization).values("business_id")
        )
        .select_related("district")
        .annotate(
            uses=Coalesce(
                Subquery(in_year.annotate(n=Count("pk")).values("n")),
                0,
                output_field=IntegerField(),
            ),
            amount=Coalesce(
                Subquery(in_year.annotate(s=Sum("amount")).values("s")),
                0,
                output_field=IntegerField(),
            ),
            handovers=Coalesce(
                Subquery(handed.annotate(n=Count("pk")).values("n")),
                0,
                output_field=IntegerField(),
            ),
        )  # fmt: skip
        .only("pk", "name", "district__name")
    )
    if query:
        stores = stores.filter(name__icontains=query)
    return stores.order_by("-amount", "name_kana", "pk")


def year_totals(organization, fy: int) -> dict:
    """The voucher's uses and yen in the fiscal year, the stores used and reports handed over."""
    months = fiscal_months(fy)
    totals = VoucherUsage.objects.filter(
        organization=organization, month__gte=months[0], month__lte=months[-1]
    ).aggregate(uses=Count("pk"), amount=Sum("amount"), stores=Count("business", distinct=True))
    totals["handed_over"] = (
        VoucherFeedback.objects.filter(organization=organization, fiscal_year=fy)
        .values("business")
        .distinct()
        .count()
    )
    return totals
