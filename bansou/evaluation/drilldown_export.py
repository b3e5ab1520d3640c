"""The businesses or records behind a number of the evaluation, as a file.

Only for record readers, like the drill-down page: committee members see numbers only.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from bansou.core.exports import DateStyle, Exporter, format_date

from .engine.rules import Rule
from .engine.wording import model_vocabulary


class DrilldownExporter(Exporter):
    """Rows of engine.drilldown(): one per business for distinct counts, else one per record."""

    def __init__(
        self,
        queryset,
        *,
        date_style: DateStyle = DateStyle.WAREKI,
        title: str,
        rule: Rule,
        key: str,
    ) -> None:
        super().__init__(queryset, date_style=date_style)
        self.title = title
        self.lists_businesses = queryset.model._meta.label_lower == "businesses.business"
        self.without_business = not rule.kind.has_business
        self.date_field = rule.kind.date_field
        # A sum's lines carry the amount they add (drilldown() annotates it).
        self.amount_label = (
            model_vocabulary([rule.kind]).field(rule.kind, rule.sum_field)
            if rule.count == "sum"
            else None
        )
        self.filename_stem = f"drilldown-{key}"

    def sheet_title(self) -> str:
        return self.title

    def header(self) -> list[str]:
        facts = [_("business ID"), _("Business"), _("District"), _("Small business")]
        if self.without_business:
            amount = [self.amount_label] if self.amount_label else []
            return [_("Date"), _("ID"), _("Counted record"), *amount]
        if self.lists_businesses:
            return facts
        amount = [self.amount_label] if self.amount_label else []
        return [_("Date"), _("ID"), *facts, *amount]

    def rows(self) -> Iterator[list]:
        yes, no = _("Yes"), _("No")

        def flag(value: bool | None) -> str:
            return "" if value is None else (yes if value else no)

        # drilldown() orders and joins the district (and for records the business) already.
        for entry in self.queryset.iterator(chunk_size=2000):
            if self.without_business:
                yield [
                    format_date(getattr(entry, self.date_field), self.date_style),
                    entry.pk,
                    str(entry),
                    *([entry.drill_amount] if self.amount_label else []),
                ]
                continue
            district = entry.district.name if entry.district else ""
            if self.lists_businesses:
                yield [entry.pk, entry.name, district, flag(entry.is_small)]
            else:
                yield [
                    format_date(getattr(entry, self.date_field), self.date_style),
                    entry.pk,
                    entry.business_id,
                    entry.business.name,
                    district,
                    flag(entry.is_small),
                    *([entry.drill_amount] if self.amount_label else []),
                ]
