"""App configuration for analysis."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "bansou.analysis"
    verbose_name = _("Business analysis")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register
        from bansou.dataio.history import exporter_for
        from bansou.dataio.registry import (
            ExportKind,
            register_export_kind,
            register_import_kind,
            scoped_queryset,
        )

        from .imports import AnalysesImport
        from .models import BusinessAnalysis

        register(
            TimelineSource(
                kind="analysis",
                label=_("Business analyses"),
                model=BusinessAnalysis,
                date_field="analysed_on",
                template="analysis/_timeline_entry.html",
                select_related=("staff",),
            )
        )
        register_import_kind(AnalysesImport())
        register_export_kind(
            ExportKind(
                "analyses",
                _("Business analyses"),
                # The data page's whole list is the import's shape: it imports back
                # unchanged (the list page's download keeps the list's own columns).
                exporter_for("analyses"),
                scoped_queryset(BusinessAnalysis),
                order=25,
            )
        )
