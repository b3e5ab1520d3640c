"""The list of committee meetings as a file (aggregates only: no business is named)."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bansou.core.exports import Exporter, format_datetime
from bansou.lib.eras import fiscal_year_label

from .models import CommitteeMeeting


class MeetingExporter(Exporter):
    filename_stem = "committee-meetings"

    def sheet_title(self) -> str:
        return pgettext("committee", "Evaluation committee")

    def header(self) -> list[str]:
        meta = CommitteeMeeting._meta
        return [
            _("ID"),
            pgettext("committee", "fiscal year evaluated"),
            pgettext("committee", "development plan"),
            pgettext("committee", "held at"),
            str(meta.get_field("ends_at").verbose_name),
            pgettext("committee", "venue"),
            pgettext("committee", "members"),
            pgettext("committee", "status"),
            pgettext("committee", "closed at"),
        ]

    def rows(self) -> Iterator[list]:
        # The member count comes with the meetings: one GROUP BY, as on the page.
        for meeting in self.queryset.iterator(chunk_size=2000):
            meeting: CommitteeMeeting
            yield [
                meeting.pk,
                fiscal_year_label(meeting.fiscal_year),
                meeting.plan.title,
                format_datetime(meeting.held_at, self.date_style),
                meeting.ends_at,
                meeting.venue,
                meeting.member_count,
                meeting.get_status_display(),
                format_datetime(meeting.closed_at, self.date_style),
            ]
