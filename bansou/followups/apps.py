"""App configuration for followups."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "bansou.followups"
    verbose_name = _(" six-monthly reports, groups 1–4, due contacts:Follow-ups")
