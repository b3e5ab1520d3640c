"""Import of monthly sales (月商): business + month + sales (+ source), on the data page.

A month already stored for the business is updated, so importing the same file twice changes
nothing. Amounts accept commas, full-width digits and 円; a negative (▲) amount is an error;
an amount 200× off the business's other months is flagged for review (千円 vs 円). The +5%
outcomes of the businesses imported are recomputed in the same transaction.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.audit.models import AuditEntry
from bansou.audit.services import unsaved_entry
from bansou.dataio import cleaners, lookups
from bansou.dataio.cleaners import CellError
from bansou.dataio.registry import Action, Column, ImportKind
from bansou.lib.text import nfkc

from . import services
from .models import MonthlySales, SalesSource
from .sales import implausible_months

SOURCE_WORDS = {"報告": "report", "事業者報告": "report", "商品券": "voucher", "職員": "staff"}
_MONTH_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def month(value) -> date:
    """2024-04, 2024/4, 2024年4月, 令和6年4月, R6.4 or any date of the month."""
    if isinstance(value, date):
        return value.replace(day=1)
    text = nfkc(cleaners.text(value)).strip()
    found = _MONTH_RE.fullmatch(text)
    if found and 1 <= int(found[2]) <= 12:
        return date(int(found[1]), int(found[2]), 1)
    for candidate in (text, f"{text}1日" if text.endswith("月") else f"{text}.1"):
        try:
            return cleaners.day(candidate).replace(day=1)
        except CellError:
            continue
    raise CellError(_("Enter a month such as 2024年4月, 令和6年4月 or 2024-04."))


def yen(value) -> int:
    number = cleaners.integer(value)
    if number < 0:
        raise CellError(_("Monthly sales cannot be negative: %(value)s") % {"value": value})
    return number


class MonthlySalesImport(ImportKind):
    code = "monthly_sales"
    label = gettext_lazy("Monthly sales")
    description = gettext_lazy(
        "Monthly sales of businesses (in yen), from their reports or the voucher data, for "
        "the 'monthly sales up 5%' outcome of programmes."
    )
    list_url_name = "programmes:list"
    order = 45
    columns = (
        *lookups.business_columns(),
        Column(
            "month",
            gettext_lazy("month"),
            aliases=("年月", "月", "対象月", "売上月"),
            required=True,
            clean=month,
        ),
        Column(
            "amount",
            gettext_lazy("sales (yen)"),
            aliases=("月商", "売上", "売上高", "月間売上", "売上（円）"),
            required=True,
            clean=yen,
        ),
        Column(
            "source",
            gettext_lazy("source"),
            aliases=("出所", "情報源", "根拠"),
            clean=cleaners.choice(SalesSource.choices, SOURCE_WORDS),
            empty="",
            display=cleaners.choice_display(SalesSource.choices),
        ),
    )

    def validate_mapping(self, mapped: set[str]) -> list[str]:
        return lookups.business_mapping_problems(mapped)

    def begin(self, run) -> None:
        run.cache["seen"] = {}

    def resolve(self, rows, run) -> None:
        lookups.resolve_businesses(rows, run)
        rows = [r for r in rows if r.ok]
        if not rows:
            return
        business_ids = {r.extra["business"].pk for r in rows}
        stored = {
            (s.business_id, s.month): s
            for s in MonthlySales.objects.filter(business__in=business_ids)
        }
        figures = services.sales_of(business_ids)
        given: dict[int, dict[date, Decimal]] = {}
        seen = run.cache["seen"]
        for row in rows:
            business, v = row.extra["business"], row.values
            key = (business.pk, v["month"])
            if key in seen:
                row.error(
                    "month",
                    _("This business's month is already on row %(row)s.") % {"row": seen[key]},
                )
                continue
            seen[key] = row.number
            given.setdefault(business.pk, {})[v["month"]] = Decimal(v["amount"])
            existing = stored.get(key)
            source = v["source"] or "report"
            if existing is None:
                row.action = Action.CREATE
            elif existing.amount == v["amount"] and existing.source == source:
                row.action = Action.UNCHANGED
            else:
                row.target = existing
                row.action = Action.UPDATE
        for row in rows:
            if not row.ok:
                continue
            business_id = row.extra["business"].pk
            odd = implausible_months(given[business_id], figures.get(business_id, {}))
            if row.values["month"] in odd:
                row.review(
                    "amount",
                    _(
                        "Differs from the business's other months by a factor of 200 or more: "
                        "千円 instead of 円 (or the reverse)?"
                    ),
                )

    def write(self, rows, run) -> None:
        created, updated, businesses = [], [], set()
        for row in rows:
            v = row.values
            source = v["source"] or "report"
            if row.action == Action.CREATE:
                created.append(
                    MonthlySales(organization=run.organization, business=row.extra["business"],
                                 month=v["month"], amount=v["amount"], source=source,
                                 entered_by=run.actor)
                )  # fmt: skip
            elif row.action == Action.UPDATE:
                row.target.amount, row.target.source = v["amount"], source
                row.target.entered_by = run.actor
                updated.append(row.target)
            else:
                continue
            businesses.add(row.extra["business"])
        MonthlySales.objects.bulk_create(created)
        MonthlySales.objects.bulk_update(updated, ["amount", "source", "entered_by", "updated_at"])
        AuditEntry.objects.bulk_create(
            unsaved_entry(b, "programmes.sales.imported", run.actor, {}) for b in businesses
        )
        services.recompute_sales_outcomes([b.pk for b in businesses])
