"""The analysis list as a file: one row per analysis, with the facts captured at the time."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from bansou.core.exports import Exporter, format_date
from bansou.lib.eras import fiscal_year_label

from .models import BusinessAnalysis

FIELDS_AFTER_BUSINESS = (
    "analysed_on",
    "fiscal_year",
    "status",
    "completed_on",
    "staff",
    "district",
    "is_small",
    "in_territory",
    "it_level",
    "issues",
)


class AnalysisExporter(Exporter):
    filename_stem = "business-analyses"

    def sheet_title(self) -> str:
        return _("Business analyses")

    def header(self) -> list[str]:
        meta = BusinessAnalysis._meta
        return [
            _("ID"),
            _("business ID"),
            _("business"),
            *(str(meta.get_field(name).verbose_name) for name in FIELDS_AFTER_BUSINESS),
        ]

    def rows(self) -> Iterator[list]:
        yes, no, unknown = _("Yes"), _("No"), _("Unknown")

        def flag(value: bool | None) -> str:
            return unknown if value is None else (yes if value else no)

        analyses = self.queryset.select_related("business", "staff", "district").order_by(
            "-analysed_on", "-pk"
        )
        for a in analyses.iterator(chunk_size=2000):
            a: BusinessAnalysis
            yield [
                a.pk,
                a.business_id,
                a.business.name,
                format_date(a.analysed_on, self.date_style),
                fiscal_year_label(a.fiscal_year),
                a.get_status_display(),
                format_date(a.completed_on, self.date_style),
                str(a.staff),
                a.district.name if a.district else "",
                flag(a.is_small),
                flag(a.in_territory),
                a.get_it_level_display() if a.it_level else "",
                a.issues,
            ]
