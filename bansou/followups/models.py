"""Six-monthly reports of a planned business and the contacts between them (DOMAIN §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.business_plans.models import BusinessPlan
from bansou.businesses.records import BusinessRecord, BusinessRecordQuerySet
from bansou.lib.eras import fiscal_year
from bansou.support.choices import Channel

from .rules import FollowUpGroup, TrendChoices


class FollowUpReport(BusinessRecord):
    """What the business reported for a period, and the group and outcomes derived from it."""

    territory_date_fields = ("reported_on",)

    plan = models.ForeignKey(
        BusinessPlan,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("business plan"),
    )
    reported_on = models.DateField(_("reported on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    period_fiscal_year = models.PositiveSmallIntegerField(
        _("plan year of the figures"),
        help_text=_("The fiscal year of the plan the reported figures belong to."),
    )
    sales = models.BigIntegerField(_("sales for the period (thousand yen)"), null=True, blank=True)
    profit = models.BigIntegerField(
        _("profit for the period (thousand yen)"), null=True, blank=True
    )
    wants_support = models.BooleanField(_("wants support"))
    note = models.TextField(_("note"), blank=True)

    # Derived by followups.services.record_report from the figures and the plan.
    profit_trend = models.CharField(
        _("profit since the plan"), max_length=10, choices=TrendChoices.choices
    )
    sales_trend = models.CharField(
        _("sales since the plan"), max_length=10, choices=TrendChoices.choices
    )
    group = models.PositiveSmallIntegerField(_("follow-up group"), choices=FollowUpGroup.choices)
    next_contact_due = models.DateField(_("next contact due"))
    profit_increased = models.BooleanField(_("profit increased"), null=True)
    targets_met = models.BooleanField(_("sales and profit targets met"), null=True)

    objects = BusinessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["-reported_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="fu_report_fy_idx"),
            models.Index(fields=["plan", "-reported_on"], name="fu_report_plan_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__gte=1, group__lte=4), name="fu_report_group_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.reported_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.reported_on)
        super().save(*args, **kwargs)


class FollowUpContact(BusinessRecord):
    """A contact with a planned business between reports; it moves the next due date."""

    territory_date_fields = ("contacted_on",)

    plan = models.ForeignKey(
        BusinessPlan,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("business plan"),
    )
    contacted_on = models.DateField(_("contacted on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    note = models.TextField(_("note"), blank=True)
    support_record = models.ForeignKey(
        "support.SupportRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support record"),
    )

    objects = BusinessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up contact")
        verbose_name_plural = _("follow-up contacts")
        ordering = ["-contacted_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="fu_contact_fy_idx"),
            models.Index(fields=["plan", "-contacted_on"], name="fu_contact_plan_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.contacted_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.contacted_on)
        super().save(*args, **kwargs)
