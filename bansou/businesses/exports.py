"""The business list as a file: header and rows for the shared xlsx/CSV renderer."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from bansou.core.exports import DateStyle, Exporter, format_date

from .models import Business


class BusinessExporter(Exporter):
    filename_stem = "businesses"

    def sheet_title(self) -> str:
        return _("Businesses")

    def header(self) -> list[str]:
        return [
            _("ID"),
            _("name"),
            _("name (kana)"),
            _("corporate number"),
            _("representative"),
            _("postal code"),
            _("address"),
            _("phone"),
            _("district"),
            _("industry"),
            _("industry major group"),
            _("capital (yen)"),
            _("regular employees"),
            _("founded on"),
            _("member"),
            _("small business"),
            _("SME"),
        ]

    def rows(self) -> Iterator[list]:
        yes, no, unknown = _("Yes"), _("No"), _("Unknown")

        def flag(value: bool | None) -> str:
            return unknown if value is None else (yes if value else no)

        businesses = self.queryset.select_related("district").order_by("name_kana", "pk")
        for b in businesses.iterator(chunk_size=2000):
            b: Business
            yield [
                b.pk,
                b.name,
                b.name_kana,
                b.corporate_number,
                b.representative,
                b.postal_code,
                b.address,
                b.phone,
                b.district.name if b.district else "",
                b.industry_label,
                b.industry_major_group,
                b.capital,
                b.employees,
                format_date(b.founded_on, self.date_style),
                flag(b.is_member),
                flag(b.is_small),
                flag(b.is_sme),
            ]


__all__ = ["BusinessExporter", "DateStyle"]
