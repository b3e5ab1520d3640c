"""The analysis queue as a file: the businesses in queue order, with score, rank and priority."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from bansou.core.exports import Exporter, format_date
from bansou.lib.eras import fiscal_year_label

from .models import MotivationCheck


class QueueExporter(Exporter):
    """Rows of queue.analysis_queue, whose order (priority, then score) is the position."""

    filename_stem = "analysis-queue"

    def sheet_title(self) -> str:
        return _("Analysis queue")

    def header(self) -> list[str]:
        meta = MotivationCheck._meta

        def label(name: str) -> str:
            return str(meta.get_field(name).verbose_name)

        return [
            _("Position"),
            _("business ID"),
            _("business"),
            _("district"),
            label("rank"),
            label("score"),
            label("priority"),
            label("priority_reason"),
            _("staff in charge"),
            _("last check"),
            label("fiscal_year"),
            _("not counted by the plan"),
        ]

    def rows(self) -> Iterator[list]:
        yes, no = _("Yes"), _("No")
        # The queryset comes ordered and joined (business, district, staff) from analysis_queue.
        for position, check in enumerate(self.queryset.iterator(chunk_size=2000), start=1):
            check: MotivationCheck
            district = check.business.district
            yield [
                position,
                check.business_id,
                check.business.name,
                district.name if district else "",
                check.get_rank_display(),
                check.score,
                yes if check.priority else no,
                check.priority_reason,
                str(check.staff),
                format_date(check.checked_on, self.date_style),
                fiscal_year_label(check.fiscal_year),
                check.not_counted,
            ]
