"""App configuration for analysis."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "bansou.analysis"
    verbose_name = _("Business analysis")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register
        from bansou.dataio.registry import ExportKind, register_export_kind, scoped_queryset

        from .exports import AnalysisExporter
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
        register_export_kind(
            ExportKind(
                "analyses",
                _("Business analyses"),
                AnalysisExporter,
                scoped_queryset(BusinessAnalysis),
                order=25,
            )
        )
