"""Channels and themes of a support record (MODELS.md, support)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    VISIT = "visit", _("Visit")
    DESK = "desk", _("Desk consultation")
    CALL = "call", _("Phone consultation")
    FOLLOW_CALL = "follow_call", _("Follow-up call")
    EMAIL = "email", _("E-mail")
    ONLINE = "online", _("Online")
    SEMINAR = "seminar", _("Seminar or individual consultation session")


class Theme(models.TextChoices):
    STARTUP = "startup", _("Startup")
    SUCCESSION = "succession", _("Business succession")
    SALES_CHANNELS = "sales_channels", _("Sales channels")
    PRODUCTIVITY = "productivity", _("Productivity")
    LABOUR = "labour", _("Labour and employment")
    DX = "dx", _("DX")
    CASH_FLOW = "cash_flow", _("Cash flow")
    SUBSIDY = "subsidy", _("Subsidies")
    IMPROVEMENT = "improvement", _("Management improvement")
    OTHER = "other", _("Other")
