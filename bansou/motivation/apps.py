"""App configuration for motivation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotivationConfig(AppConfig):
    name = "bansou.motivation"
    verbose_name = _("Motivation checks")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register
        from bansou.dataio.history import exporter_for
        from bansou.dataio.registry import (
            ExportKind,
            register_export_kind,
            register_import_kind,
            scoped_queryset,
        )

        from .imports import MotivationChecksImport
        from .models import MotivationCheck

        register(
            TimelineSource(
                kind="motivation_check",
                label=_("Motivation checks"),
                model=MotivationCheck,
                date_field="checked_on",
                template="motivation/_timeline_entry.html",
                select_related=("staff", "version"),
            )
        )
        register_import_kind(MotivationChecksImport())
        register_export_kind(
            ExportKind(
                "motivation_checks",
                _("Motivation checks"),
                exporter_for("motivation_checks"),
                scoped_queryset(MotivationCheck),
                order=50,
            )
        )
