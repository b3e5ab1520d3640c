"""App configuration for demand surveys (需要動向調査, plan §4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandConfig(AppConfig):
    name = "bansou.demand"
    verbose_name = _("Demand surveys")
