"""App configuration for the business's own six-monthly report by link."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfReportsConfig(AppConfig):
    name = "bansou.selfreports"
    verbose_name = _("Reports sent by the business")
