"""App configuration for events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "bansou.events"
    verbose_name = _("Events")
