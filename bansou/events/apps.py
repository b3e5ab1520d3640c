"""App configuration for events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "bansou.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register
        from bansou.dataio.registry import (
            ExportKind,
            register_export_kind,
            register_import_kind,
            scoped_queryset,
        )

        from .exports import EventExporter, ParticipationExporter
        from .imports import EventParticipantsImport
        from .models import Event, EventParticipation

        register(
            TimelineSource(
                kind="event_participation",
                label=_("Event participations"),
                model=EventParticipation,
                date_field="participated_on",
                template="events/_timeline_entry.html",
                select_related=("event", "staff"),
            )
        )
        register_import_kind(EventParticipantsImport())
        register_export_kind(
            ExportKind(
                "events",
                _("Events"),
                EventExporter,
                scoped_queryset(Event),
                order=40,
                capability="events_read",
            )
        )
        register_export_kind(
            ExportKind(
                "event_participants",
                _("Event participants"),
                ParticipationExporter,
                scoped_queryset(EventParticipation),
                order=41,
            )
        )
