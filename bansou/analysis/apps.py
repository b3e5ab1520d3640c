"""App configuration for analysis."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "bansou.analysis"
    verbose_name = _(
        " financial statements, indicators, SWOT and the diagnosis report:Business analysis"
    )
