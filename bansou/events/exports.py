"""The event list and the participant lists as files (shared xlsx/CSV renderer).

Participant headers are the import's labels, so a downloaded list imports back unchanged.
"""

from collections.abc import Iterator

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from bansou.core.exports import Exporter, format_date
from bansou.lib.eras import fiscal_year_label


class EventExporter(Exporter):
    filename_stem = "events"

    def sheet_title(self) -> str:
        return _("Events")

    def header(self) -> list[str]:
        return [
            _("ID"),
            _("event name"),
            _("kind"),
            _("held on"),
            _("fiscal year"),
            _("venue"),
            _("department"),
            _("participants"),
            _("deals closed"),
            _("new trading partners"),
        ]

    def rows(self) -> Iterator[list]:
        # Counts and sums in the same query as the events (one GROUP BY, never a query per row).
        events = (
            self.queryset.select_related("department")
            .annotate(
                participant_count=Count("participations"),
                deals=Sum("participations__deals_closed"),
                partners=Sum("participations__new_trading_partners"),
            )
            .order_by("-held_on", "-pk")
        )
        for e in events.iterator(chunk_size=2000):
            yield [
                e.pk,
                e.name,
                e.get_kind_display(),
                format_date(e.held_on, self.date_style),
                fiscal_year_label(e.fiscal_year),
                e.venue,
                e.department.name if e.department else "",
                e.participant_count,
                e.deals or 0,
                e.partners or 0,
            ]


class ParticipationExporter(Exporter):
    filename_stem = "event-participants"

    def sheet_title(self) -> str:
        return _("Event participants")

    def header(self) -> list[str]:
        return [
            _("event name"),
            _("held on"),
            _("event kind"),
            _("venue"),
            _("business ID"),
            _("business name"),
            _("corporate number"),
            _("district"),
            _("deals closed"),
            _("new trading partners"),
            _("note"),
            _("staff in charge"),
        ]

    def rows(self) -> Iterator[list]:
        participations = self.queryset.select_related(
            "event", "business", "district", "staff"
        ).order_by("-event__held_on", "event_id", "business__name_kana", "pk")
        for p in participations.iterator(chunk_size=2000):
            yield [
                p.event.name,
                format_date(p.event.held_on, self.date_style),
                p.event.get_kind_display(),
                p.event.venue,
                p.business_id,
                p.business.name,
                p.business.corporate_number,
                p.district.name if p.district else "",
                p.deals_closed,
                p.new_trading_partners,
                p.note,
                str(p.staff),
            ]
