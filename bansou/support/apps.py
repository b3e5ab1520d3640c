"""App configuration for support."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "bansou.support"
    verbose_name = _("Support records")
