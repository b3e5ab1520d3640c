"""App configuration for motivation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotivationConfig(AppConfig):
    name = "bansou.motivation"
    verbose_name = _("Motivation checks")
