"""The audit log as a file, with the same filter as the page."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from bansou.core.exports import Exporter, format_datetime

from .labels import action_label, model_name
from .presentation import actor_text, changes_text


class AuditEntryExporter(Exporter):
    filename_stem = "audit-log"

    def sheet_title(self) -> str:
        return _("Audit log")

    def header(self) -> list[str]:
        return [
            _("time"),
            _("user"),
            _("action"),
            _("object type"),
            _("object"),
            _("changes"),
            _("IP address"),
        ]

    def rows(self) -> Iterator[list]:
        for entry in self.queryset.select_related("actor").iterator(chunk_size=2000):
            yield [
                format_datetime(entry.created_at, self.date_style),
                actor_text(entry),
                action_label(entry.action, entry.target_type),
                model_name(entry.target_type),
                entry.target_repr,
                changes_text(entry),
                entry.ip_address or "",
            ]
