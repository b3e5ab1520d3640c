"""App configuration for business_plans."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessPlansConfig(AppConfig):
    name = "bansou.business_plans"
    verbose_name = _("Business plans")
