"""App configuration for dataio."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    name = "bansou.dataio"
    verbose_name = _(
        " CSV/Excel imports with preview, exports, backup and restore:Data import and export"
    )
