"""The manual actuals as a file (shared xlsx/CSV renderer).

The headers are the plan_actuals import's labels and the first column is the entry's ID, so
a downloaded list, corrected and imported back, updates the entries it lists.
"""

from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.core.exports import DateStyle, Exporter, format_date
from bansou.lib.eras import fiscal_year_label, fiscal_year_label_western

from .models import ManualActual


def manual_actuals(*, user=None, organization=None):
    """What `bansou export plan_actuals` and the data page list: the chamber's entries."""
    if user is not None and not user.has_capability("evaluation_records"):
        return ManualActual.objects.none()
    organization_id = (
        user.organization_id if user is not None else getattr(organization, "pk", None)
    )
    return ManualActual.objects.filter(organization=organization_id)


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else value


class ManualActualExporter(Exporter):
    filename_stem = "plan-actuals"

    def sheet_title(self) -> str:
        return _("Plan actuals")

    def header(self) -> list[str]:
        return [
            _("entry ID"),
            _("plan code"),
            _("row key"),
            _("plan row title"),
            _("fiscal year"),
            _("as of"),
            _("actual"),
            _("evidence"),
            _("entered by"),
            _("entered at"),
        ]

    def rows(self) -> Iterator[list]:
        year_label = (
            fiscal_year_label_western if self.date_style == DateStyle.WESTERN else fiscal_year_label
        )
        entries = self.queryset.select_related("item__plan", "entered_by").order_by(
            "item__plan__starts_on",
            "item__plan_id",
            "item__section__number",
            "item__order",
            "fiscal_year",
            "recorded_on",
            "pk",
        )
        for entry in entries.iterator(chunk_size=2000):
            item = entry.item
            yield [
                entry.pk,
                item.plan.code,
                item.key,
                item.title,
                year_label(entry.fiscal_year),
                format_date(entry.recorded_on, self.date_style),
                _number(entry.value),
                entry.evidence,
                str(entry.entered_by),
                timezone.localtime(entry.entered_at),
            ]
