"""Kinds and states of a business plan (事業計画)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanKind(models.TextChoices):
    INNOVATION = "innovation", _("Management innovation plan")
    STARTUP = "startup", _("Startup plan")
    ACTION = "action", _("Management action plan")
    MARUKEI = "marukei", _("Marukei loan")
    RESILIENCE = "resilience", _("Business continuity enhancement plan")
    SUBSIDY = "subsidy", _("Subsidy application")
    OTHER = "other", _("Other")


class PlanStatus(models.TextChoices):
    DRAFTING = "drafting", pgettext_lazy("business plan", "Drafting")
    COMPLETED = "completed", pgettext_lazy("business plan", "Completed")
    APPROVED = "approved", pgettext_lazy("business plan", "Approved")


# A plan is followed up (DOMAIN §3) once it is completed; approval does not change that.
FOLLOWED_STATUSES = (PlanStatus.COMPLETED, PlanStatus.APPROVED)
