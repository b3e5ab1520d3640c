"""Events the chamber runs (展示会, セミナー, 商談会) and the businesses that took part.

A participation is a countable record (BusinessRecord): the evaluation counts participants
per fiscal year and sums their outcomes (成約件数, 新規取引先), which DOMAIN §2 shows under the
activity row as outcome rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.businesses.records import BusinessRecord
from bansou.core.versioning import VersionedModel
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import Department, TenantModel

from .querysets import EventQuerySet, ParticipationQuerySet


class EventKind(models.TextChoices):
    EXHIBITION = "exhibition", _("Exhibition")
    SEMINAR = "seminar", _("Seminar")
    MATCHMAKING = "matchmaking", _("Matchmaking meeting")
    OTHER = "other", _("Other")


class Event(VersionedModel, TenantModel):
    name = models.CharField(_("event name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    held_on = models.DateField(_("held on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "-held_on"], name="event_org_held_idx"),
            models.Index(fields=["organization", "fiscal_year"], name="event_fy_idx"),
        ]
        constraints = [
            # An event is known by its name and day: imports find it that way.
            models.UniqueConstraint(
                fields=["organization", "name", "held_on"], name="event_unique_name_day"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.held_on)
        super().save(*args, **kwargs)


class EventParticipation(BusinessRecord):
    """A business at an event, with what came of it (counted as outcome rows)."""

    territory_date_fields = ("participated_on",)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("event")
    )
    # The event's day, copied so that counts per fiscal year filter this table alone.
    participated_on = models.DateField(_("date"), editable=False)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    deals_closed = models.PositiveSmallIntegerField(_("deals closed"), default=0)
    new_trading_partners = models.PositiveSmallIntegerField(_("new trading partners"), default=0)
    note = models.TextField(_("note"), blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("event participation")
        verbose_name_plural = _("event participations")
        ordering = ["-participated_on", "pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="participation_fy_idx"),
            models.Index(fields=["business", "-participated_on"], name="participation_biz_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event", "business"], name="participation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.business}"

    def refresh_derived(self) -> None:
        self.participated_on = self.event.held_on
        self.fiscal_year = fiscal_year(self.participated_on)

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)
