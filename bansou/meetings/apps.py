"""App configuration for the plan's meetings, publications and staff development."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "bansou.meetings"
    verbose_name = _("Meetings, publications and staff development")
