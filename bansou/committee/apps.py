"""App configuration for committee."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "bansou.committee"
    verbose_name = _("Evaluation committee")
