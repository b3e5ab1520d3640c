"""App configuration for dataio."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    name = "bansou.dataio"
    verbose_name = _("Data import and export")

    def ready(self) -> None:
        from .exporters import register_builtin_exports
        from .kinds import register_builtin_kinds

        register_builtin_kinds()
        register_builtin_exports()
