"""App configuration for core."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bansou.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import mail  # noqa: F401  (registers its deploy check)
