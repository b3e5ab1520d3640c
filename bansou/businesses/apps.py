"""App configuration for businesses."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessesConfig(AppConfig):
    name = "bansou.businesses"
    verbose_name = _("Businesses")
