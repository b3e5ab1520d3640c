"""The dashboard's kept counts (dashboard.counts explains how they are kept current)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.organizations.models import TenantModel

ALL_RECORDS = ""  # the series of every record of a kind (the pipeline's stages)


class CountedSeries(TenantModel):
    """A quantity kept for a chamber's fiscal year: every record of a kind (series "") or the
    records a rule counts (series: the rule's signature, its definition stored in `rule` so the
    counts can be kept without the plan)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(_("record kind"), max_length=40)
    series = models.CharField(_("series"), max_length=40)
    rule = models.JSONField(_("rule"), null=True, blank=True)
    distinct = models.BooleanField(_("distinct businesses"), default=False)

    class Meta:
        verbose_name = _("counted series")
        verbose_name_plural = _("counted series")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "kind", "series"],
                name="counted_series_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.fiscal_year} {self.kind} {self.series}"


class DayCount(TenantModel):
    """Records (or a rule's sum) of one day, staff member and series."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(_("record kind"), max_length=40)
    series = models.CharField(_("series"), max_length=40)
    day = models.DateField(_("day"))
    # The fiscal month, 0 = April … 11 = March; -1 before the year, 12 after it (a record whose
    # fiscal year and day disagree), as the engine folds days into months.
    month = models.SmallIntegerField(pgettext_lazy("calendar month number", "month"))
    staff_id = models.BigIntegerField(_("staff member"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("day count")
        verbose_name_plural = _("day counts")
        indexes = [
            models.Index(
                fields=["organization", "fiscal_year", "kind", "day"], name="day_count_bucket"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.series} {self.day} {self.value}"


class FirstDay(TenantModel):
    """The first day in the fiscal year a business qualifies for a distinct-businesses rule
    (a business counts once a year: the month of its first qualifying record)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(_("record kind"), max_length=40)
    series = models.CharField(_("series"), max_length=40)
    business_id = models.BigIntegerField(_("business"))
    day = models.DateField(_("day"))
    month = models.SmallIntegerField(pgettext_lazy("calendar month number", "month"))

    class Meta:
        verbose_name = _("first qualifying day")
        verbose_name_plural = _("first qualifying days")
        indexes = [
            models.Index(
                fields=["organization", "fiscal_year", "kind", "business_id"],
                name="first_day_business",
            ),
            models.Index(
                fields=["organization", "fiscal_year", "kind", "series", "day"],
                name="first_day_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.series} {self.business_id} {self.day}"


class GroupChange(TenantModel):
    """How many plans entered (positive) or left (negative) a follow-up group on a day: each
    report moves its plan into its group and out of its previous report's (dashboard.groups).
    Not per fiscal year: a plan stays in its group across years until its next report."""

    day = models.DateField(_("day"))
    group = models.PositiveSmallIntegerField(_("follow-up group"))
    change = models.IntegerField(_("change"))

    class Meta:
        verbose_name = _("follow-up group change")
        verbose_name_plural = _("follow-up group changes")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day", "group"], name="group_change_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.group} {self.change:+d}"
