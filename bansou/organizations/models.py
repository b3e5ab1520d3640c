"""The tenant (a chamber) and the parts of it that other records refer to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
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


class Department(TenantModel):
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


class District(TenantModel):
    """地区: an area of the chamber; it may lie outside the plan's territory (鳩ヶ谷 in FY2024)."""

    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name (kana)"), max_length=100, blank=True)
    in_territory = models.BooleanField(
        _("in territory"),
        default=True,
        help_text=_("Businesses of districts outside the territory are excluded from the plan."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["organization", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
