"""App configuration for analysis."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "bansou.analysis"
    verbose_name = _("Business analysis")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register

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
