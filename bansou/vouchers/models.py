"""E-voucher usage data (電子商品券, plan §4② and §8-2①) and its hand-over to the stores.

VoucherUsage is one use of the e-voucher at a member store as the issuer's file lists it: the
day, the amount and the user's gender, age band, area and occupation. It is kept compactly
(codes, one month column for GROUP BY) because a year brings hundreds of thousands of rows;
`key` makes a re-import of the same file change nothing: the issuer's transaction ID when the
file has one, else a digest of the row's values and its occurrence in the file (key.py).

VoucherFeedback is the countable record: a store's usage report handed over (fed back) by a
staff member, with an expert or not. Plan §2 ② 「電子商品券での対象事業者数」 counts the
distinct stores with a hand-over in the fiscal year (record kind `voucher_feedback`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.businesses.models import Business
from bansou.businesses.records import BusinessRecord, BusinessRecordQuerySet
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import TenantModel


class Gender(models.TextChoices):
    FEMALE = "f", pgettext_lazy("voucher user", "Female")
    MALE = "m", pgettext_lazy("voucher user", "Male")
    OTHER = "o", pgettext_lazy("voucher user", "Other gender")
    UNKNOWN = "u", pgettext_lazy("voucher user", "Not answered")


class AgeBand(models.IntegerChoices):
    TEENS = 10, _("Teens or younger")
    TWENTIES = 20, _("In their 20s")
    THIRTIES = 30, _("In their 30s")
    FORTIES = 40, _("In their 40s")
    FIFTIES = 50, _("In their 50s")
    SIXTIES = 60, _("In their 60s")
    SEVENTIES = 70, _("70 or older")
    UNKNOWN = 0, _("Age not answered")


class VoucherUsage(TenantModel):
    """One use of the e-voucher at a store (the issuer's usage file, one row)."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="+", verbose_name=_("member store")
    )
    used_on = models.DateField(_("day of use"))
    month = models.DateField(_("month of use"), editable=False)  # the first day of used_on's
    amount = models.PositiveIntegerField(_("amount used (yen)"))
    gender = models.CharField(_("user's gender"), max_length=1, choices=Gender.choices)
    age_band = models.PositiveSmallIntegerField(_("user's age band"), choices=AgeBand.choices)
    area = models.CharField(_("user's area of residence"), max_length=40, blank=True)
    occupation = models.CharField(_("user's occupation"), max_length=40, blank=True)
    # "T:" + the issuer's transaction ID, or "H:" + a digest of the row (key.py).
    key = models.CharField(_("usage key"), max_length=80)

    class Meta:
        verbose_name = _("e-voucher use")
        verbose_name_plural = _("e-voucher uses")
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="voucher_usage_key"),
        ]
        indexes = [
            models.Index(fields=["business", "month"], name="voucher_usage_biz_month"),
            models.Index(fields=["organization", "month"], name="voucher_usage_org_month"),
        ]

    def __str__(self) -> str:
        return f"{self.business_id} {self.used_on} {self.amount}"

    @property
    def transaction_id(self) -> str:
        return self.key[2:] if self.key.startswith("T:") else ""


class VoucherFeedback(BusinessRecord):
    """A store's usage report handed over to it (フィードバック), in person or sent."""

    territory_date_fields = ("handed_on",)

    handed_on = models.DateField(_("handed over on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    expert = models.ForeignKey(
        "partners.Expert",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("expert who joined"),
    )
    # The months the report covered (first days), as shown to the store.
    first_month = models.DateField(_("report from"))
    last_month = models.DateField(_("report to"))
    note = models.TextField(_("what was discussed"), blank=True)

    objects = BusinessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("voucher usage report handed over")
        verbose_name_plural = _("voucher usage reports handed over")
        ordering = ["-handed_on", "pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="voucher_feedback_fy_idx"),
            models.Index(fields=["business", "-handed_on"], name="voucher_feedback_biz_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.business} {self.handed_on}"

    def refresh_derived(self) -> None:
        self.fiscal_year = fiscal_year(self.handed_on)

    def save(self, *args, **kwargs):
        self.refresh_derived()
        super().save(*args, **kwargs)
