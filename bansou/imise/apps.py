"""App configuration for the i-mise award (川口i-mise大賞, plan §8-2④)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImiseConfig(AppConfig):
    name = "bansou.imise"
    verbose_name = _("i-mise award")
