"""The tenant (a chamber) and the parts of it that other records refer to."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.core.versioning import VersionedModel


class Organization(VersionedModel):
    """A 商工会議所 or 商工会: every stored row belongs to exactly one."""

    class Kind(models.TextChoices):
        CHAMBER_OF_COMMERCE = "cci", _("Chamber of commerce and industry")
        SOCIETY_OF_COMMERCE = "sci", _("Society of commerce and industry")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    territory = models.CharField(
        _("territory"), max_length=200, blank=True, help_text=_("The area the chamber serves.")
    )
    require_second_factor = models.BooleanField(
        _("require two-step verification"),
        default=False,
        help_text=_(
            "Administrators and everyone who may download the business register must enter a "
            "code from an authenticator app after their password."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantModel(models.Model):
    """Base for every tenant-owned row: the organization is part of its identity."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, verbose_name=_("organization")
    )

    class Meta:
        abstract = True


class Department(VersionedModel, TenantModel):
    """担当課: the chamber's section responsible for a plan item."""

    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["organization", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class District(VersionedModel, TenantModel):
    """地区: an area of the chamber; it may lie outside the plan's territory (鳩ヶ谷 in FY2024).

    The territory is dated: a district is inside on a day when `in_territory` is set and the
    day falls within [in_territory_from, in_territory_to] (an open end is unbounded). One
    period per district is enough for what chambers do (a merger adds districts from a day, a
    split removes them until a day); records compute their flag from their own date.
    """

    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name (kana)"), max_length=100, blank=True)
    in_territory = models.BooleanField(
        _("in territory"),
        default=True,
        help_text=_(
            "Businesses of districts outside the territory are excluded from the plan. "
            "With dates, the district is inside only between them."
        ),
    )
    in_territory_from = models.DateField(
        _("in territory from"),
        null=True,
        blank=True,
        help_text=_("First day inside the territory (empty: since always)."),
    )
    in_territory_to = models.DateField(
        _("in territory until"),
        null=True,
        blank=True,
        help_text=_("Last day inside the territory (empty: still inside)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["organization", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="district_unique_name"),
            models.CheckConstraint(
                condition=Q(in_territory_from__isnull=True)
                | Q(in_territory_to__isnull=True)
                | Q(in_territory_from__lte=models.F("in_territory_to")),
                name="district_territory_period_ordered",
                violation_error_message=_(
                    "The first day inside the territory is after the last day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_in_territory_on(self, day: date) -> bool:
        """Whether the district lies inside the plan's territory on `day`."""
        if not self.in_territory:
            return False
        if self.in_territory_from is not None and day < self.in_territory_from:
            return False
        return self.in_territory_to is None or day <= self.in_territory_to

    @property
    def in_territory_today(self) -> bool:
        return self.is_in_territory_on(timezone.localdate())

    @property
    def is_dated(self) -> bool:
        return self.in_territory and (
            self.in_territory_from is not None or self.in_territory_to is not None
        )


class OrganizationMerge(models.Model):
    """One organization merged into another (鳩ヶ谷商工会 → 川口商工会議所), as it was run."""

    source = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="merged_away",
        verbose_name=_("merged organization"),
    )
    target = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="merges",
        verbose_name=_("surviving organization"),
    )
    merged_on = models.DateField(
        _("merged on"), help_text=_("First day the merged organization's area is inside.")
    )
    performed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("performed by"),
    )
    performed_at = models.DateTimeField(_("performed at"), auto_now_add=True)
    # The report the dry run showed, as counts per kind of row (merge.MergeReport.to_data).
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        verbose_name = _("organization merge")
        verbose_name_plural = _("organization merges")
        ordering = ["-performed_at"]
        constraints = [
            models.UniqueConstraint(fields=["source"], name="organization_merged_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class MergedRow(TenantModel):
    """A row the merge moved into `organization`: its original organization is merge.source.

    `before_merge` marks records dated before the merge day: they belong to the merged
    organization's own plan years, so the evaluation of the surviving one leaves them out.
    """

    merge = models.ForeignKey(
        OrganizationMerge, on_delete=models.PROTECT, related_name="rows", verbose_name=_("merge")
    )
    model = models.CharField(_("record type"), max_length=60)  # model label, lower case
    row_id = models.BigIntegerField(_("record id"))
    before_merge = models.BooleanField(_("dated before the merge"), default=False)

    class Meta:
        verbose_name = _("merged row")
        verbose_name_plural = _("merged rows")
        indexes = [
            models.Index(
                fields=["organization", "model", "before_merge", "row_id"],
                name="merged_row_lookup",
            )
        ]

    def __str__(self) -> str:
        return f"{self.model}:{self.row_id}"
