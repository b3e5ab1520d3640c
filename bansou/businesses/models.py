"""The business register: one row per business the chamber knows or supports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.core.versioning import VersionedModel
from bansou.lib.text import normalise_name, phone_digits
from bansou.organizations.models import District, TenantModel

from . import rules
from .industries import Industry
from .querysets import BusinessQuerySet
from .search import register_search_key


class SmallOverride(models.TextChoices):
    SMALL = "small", _("Small business")
    NOT_SMALL = "not_small", _("Not a small business")


class Business(VersionedModel, TenantModel):
    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(_("name (kana)"), max_length=200)
    corporate_number = models.CharField(
        _("corporate number"),
        max_length=13,
        blank=True,
        help_text=_("13 digits. Empty for sole proprietors."),
    )
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Where the e-mail version of a letter (ご報告のお願い) goes; the printed one otherwise.
    email = models.EmailField(_("e-mail address"), blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="businesses",
        verbose_name=_("district"),
    )
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    industry_major_group = models.CharField(
        _("industry major group"),
        max_length=2,
        blank=True,
        help_text=_("Two-digit JSIC major group (中分類), e.g. 09 or 76. Optional."),
    )
    capital = models.BigIntegerField(_("capital (yen)"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("regular employees"), null=True, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_member = models.BooleanField(_("member"), default=False)
    small_override = models.CharField(
        _("small business (manual)"),
        max_length=10,
        choices=SmallOverride.choices,
        blank=True,
        help_text=_("Overrides the classification derived from industry and employees."),
    )
    small_override_reason = models.TextField(_("reason for the manual classification"), blank=True)

    # Derived on save from the fields above; stored so that lists and counts filter in SQL.
    is_small = models.BooleanField(_("small business"), null=True, editable=False)
    is_sme = models.BooleanField(_("SME"), null=True, editable=False)
    search_key = models.TextField(editable=False, default="")
    name_normalised = models.CharField(max_length=200, editable=False, default="")
    phone_digits = models.CharField(max_length=11, editable=False, default="")

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BusinessQuerySet.as_manager()

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["name_kana", "pk"]
        indexes = [
            models.Index(fields=["organization", "name_kana"], name="business_kana_idx"),
            models.Index(fields=["organization", "corporate_number"], name="business_cn_idx"),
            models.Index(fields=["organization", "name_normalised"], name="business_name_idx"),
            models.Index(fields=["organization", "district"], name="business_district_idx"),
            models.Index(fields=["organization", "is_small"], name="business_small_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(small_override="") | ~models.Q(small_override_reason=""),
                name="business_override_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def industry_label(self) -> str:
        """The industry's name, as get_industry_display gives it, without that method's cost:
        it hashes (so translates) every choice on each call, 20 translations per row of a list."""
        try:
            return str(Industry(self.industry).label)
        except ValueError:
            return self.industry

    @property
    def derived_is_small(self) -> bool | None:
        return rules.is_small_business(self.industry, self.industry_major_group, self.employees)

    def refresh_derived(self) -> None:
        if self.small_override:
            self.is_small = self.small_override == SmallOverride.SMALL
        else:
            self.is_small = self.derived_is_small
        self.is_sme = rules.is_sme(
            self.industry, self.industry_major_group, self.capital, self.employees
        )
        self.name_normalised = normalise_name(self.name)[:200]
        self.phone_digits = phone_digits(self.phone) if self.phone else ""
        self.search_key = register_search_key(
            self.name,
            self.name_kana,
            self.representative,
            self.address,
            self.phone_digits,
            self.corporate_number,
        )

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)


class BusinessAssignment(VersionedModel, TenantModel):
    """An expert (専門家) sees only the businesses assigned to them."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("business")
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("expert"),
    )
    assigned_on = models.DateField(_("assigned on"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            models.UniqueConstraint(fields=["business", "expert"], name="assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.business} – {self.expert}"


class SavedFilter(TenantModel):
    """A named search of the register that one user keeps (its query string)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_business_filters",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=60)
    query_string = models.CharField(_("search"), max_length=1000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="business_saved_filter_name")
        ]

    def __str__(self) -> str:
        return self.name
