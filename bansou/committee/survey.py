"""The national implementation survey (中小企業庁 経営発達支援計画実施状況調査, 調査票A).

Its items are filled from the evaluation's rows: a plan row names the survey item it reports
(PlanItem.survey_item, one of SurveyItem below); rows naming the same item add up. The
follow-up outcomes (⑤-2 sales, ⑤-3 gross profit: up / down / flat / unknown) are counted from
the follow-up reports in one aggregate query.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.core.exports import Exporter
from bansou.followups.models import FollowUpReport

from .presentation import to_decimal


class SurveyItem(models.TextChoices):
    """Items of 調査票A, by their numbers in the form (A①…A⑥)."""

    ECONOMIC_SURVEYS = "A1", _("(1) Regional economic trend surveys")
    BASIC_DATA = "A2", _("(2) Small businesses whose basic data is known")
    ANALYSES = "A3", _("(3) Businesses whose management was analysed")
    PLANS = "A4", _("(4) Businesses that drew up a business plan")
    FOLLOW_UP_BUSINESSES = "A5", _("(5)-1 Businesses followed up after their plan")
    FOLLOW_UP_CONTACTS = "A6", _("(6) Follow-up contacts in total")


UNITS = {
    SurveyItem.ECONOMIC_SURVEYS: pgettext_lazy("committee", "cases"),
    SurveyItem.FOLLOW_UP_CONTACTS: pgettext_lazy("committee", "times"),
}
TRENDS = ("up", "down", "flat", "unknown")


@dataclass
class SurveyLine:
    code: str
    title: str
    unit: str
    target: Decimal | None = None
    actual: Decimal | None = None
    trends: dict[str, int] = field(default_factory=dict)
    rows: list[str] = field(default_factory=list)


def normalise_code(code: str) -> str:
    """ "A①", "a-1", "Ａ１" and "A1" name the same item."""
    return unicodedata.normalize("NFKC", code or "").upper().replace("-", "").replace(" ", "")


def _walk_rows(sections: list[dict]) -> Iterator[dict]:
    for section in sections:
        for row in section.get("rows") or []:
            yield row
            yield from row.get("outcomes") or []
        yield from _walk_rows(section.get("subsections") or [])


def lines_from_evaluation(evaluation: dict) -> dict[str, SurveyLine]:
    """Sum the rows mapped to each item; an item no row maps stays empty (not 0)."""
    lines = {
        item.value: SurveyLine(
            item.value,
            str(item.label),
            str(UNITS.get(item, pgettext_lazy("committee", "businesses"))),
        )
        for item in SurveyItem
    }
    for row in _walk_rows(evaluation.get("sections") or []):
        code = normalise_code(row.get("survey_item", ""))
        if code not in lines:
            continue
        line = lines[code]
        line.rows.append(row.get("title", ""))
        actual = to_decimal(row.get("actual")) if row.get("counted", True) else None
        if actual is not None:
            line.actual = (line.actual or Decimal(0)) + actual
        target = to_decimal(row.get("target")) if row.get("target_kind") == "number" else None
        if target is not None and row.get("counted", True):
            line.target = (line.target or Decimal(0)) + target
    return lines


def follow_up_trends(organization_id: int, fiscal_year: int) -> dict[str, dict[str, int]]:
    """Sales and profit trends of the businesses followed up in the year (one query).

    Each business counts once, by its latest report of the year (a business reports every six
    months, DOMAIN §3). Businesses outside the territory or known not to be small are not the
    plan's, and the survey asks about small businesses.
    """
    reports = FollowUpReport.objects.filter(
        Q(organization=organization_id, fiscal_year=fiscal_year, in_territory=True)
        & ~Q(is_small=False)
    )
    latest = reports.filter(business=OuterRef("business")).order_by("-reported_on", "-pk")
    counts = reports.filter(pk=Subquery(latest.values("pk")[:1])).aggregate(
        **{
            f"{measure}_{trend}": Count("pk", filter=Q(**{f"{measure}_trend": trend}))
            for measure in ("sales", "profit")
            for trend in TRENDS
        }
    )
    return {
        measure: {trend: counts[f"{measure}_{trend}"] for trend in TRENDS}
        for measure in ("sales", "profit")
    }


def survey_lines(evaluation: dict, trends: dict[str, dict[str, int]]) -> list[SurveyLine]:
    by_code = lines_from_evaluation(evaluation)
    lines = [by_code[c] for c in ("A1", "A2", "A3", "A4", "A5")]
    unit = str(pgettext_lazy("committee", "businesses"))
    lines.append(
        SurveyLine(
            "A5-2",
            str(_("(5)-2 of which: sales increased")),
            unit,
            actual=Decimal(sum(trends["sales"].values())),
            trends=trends["sales"],
        )
    )
    lines.append(
        SurveyLine(
            "A5-3",
            str(_("(5)-3 of which: gross profit increased")),
            unit,
            actual=Decimal(sum(trends["profit"].values())),
            trends=trends["profit"],
        )
    )
    lines.append(by_code["A6"])
    return lines


class SurveyExporter(Exporter):
    """One line per item of 調査票A for one fiscal year."""

    filename_stem = "implementation-survey"

    def __init__(self, lines: list[SurveyLine], *, fiscal_year_label: str) -> None:
        super().__init__(None)
        self.lines = lines
        self.fiscal_year_label = fiscal_year_label

    def sheet_title(self) -> str:
        return str(_("Survey form A"))

    def header(self) -> list[str]:
        return [
            str(pgettext_lazy("committee", "item")),
            str(_("item name")),
            str(pgettext_lazy("committee", "unit")),
            str(pgettext_lazy("committee", "target")),
            str(_("%(year)s actual") % {"year": self.fiscal_year_label}),
            str(pgettext_lazy("committee", "increased")),
            str(pgettext_lazy("committee", "decreased")),
            str(pgettext_lazy("committee", "flat")),
            str(pgettext_lazy("committee", "unknown")),
            str(pgettext_lazy("committee", "plan rows")),
        ]

    def rows(self) -> Iterator[list]:
        for line in self.lines:
            trends = [line.trends.get(t) if line.trends else None for t in TRENDS]
            yield [
                line.code,
                line.title,
                line.unit,
                line.target,
                line.actual,
                *trends,
                " / ".join(line.rows),
            ]
