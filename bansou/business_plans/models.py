"""A business plan drafted with a business, and its yearly sales and profit targets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.businesses.records import BusinessRecord
from bansou.followups.rules import FollowUpGroup
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import TenantModel

from .choices import FOLLOWED_STATUSES, PlanKind, PlanStatus
from .querysets import BusinessPlanQuerySet


def money(label):
    """Money in thousand yen (千円), empty when unknown."""
    return models.BigIntegerField(label, null=True, blank=True)


class BusinessPlan(BusinessRecord):
    territory_date_fields = ("completed_on", "started_on")

    title = models.CharField(pgettext_lazy("business plan", "title"), max_length=200)
    kind = models.CharField(_("kind of plan"), max_length=20, choices=PlanKind.choices)
    is_dx = models.BooleanField(
        _("DX plan"), default=False, help_text=_("The plan's core is digital adoption.")
    )
    summary = models.TextField(pgettext_lazy("business plan", "summary"), blank=True)
    status = models.CharField(
        pgettext_lazy("business plan", "status"),
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFTING,
    )
    started_on = models.DateField(pgettext_lazy("business plan", "started on"))
    completed_on = models.DateField(
        pgettext_lazy("business plan", "completed on"), null=True, blank=True
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), null=True, blank=True, help_text=_("Of the completion date.")
    )
    approved_on = models.DateField(
        pgettext_lazy("business plan", "approved on"), null=True, blank=True
    )
    approving_body = models.CharField(_("approving body"), max_length=100, blank=True)
    consultations = models.PositiveSmallIntegerField(_("consultations"), default=0)
    analysis = models.ForeignKey(
        "analysis.BusinessAnalysis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("analysis the plan rests on"),
    )

    # Numeric plan: the baseline year and, in PlanYearTarget, 3–5 years after it.
    baseline_fiscal_year = models.PositiveSmallIntegerField(
        _("baseline fiscal year"), null=True, blank=True
    )
    baseline_sales = money(_("baseline sales (thousand yen)"))
    baseline_profit = money(_("baseline profit (thousand yen)"))

    # Kept by the followups services (DOMAIN §3); never edited through the plan form.
    follow_up_group = models.PositiveSmallIntegerField(
        _("follow-up group"), null=True, blank=True, choices=FollowUpGroup.choices
    )
    follow_up_due = models.DateField(_("next contact due"), null=True, blank=True)
    last_reported_on = models.DateField(_("last report"), null=True, blank=True)
    next_report_due = models.DateField(_("next report due"), null=True, blank=True)

    # Extra sections by issue: business succession.
    succession_timing = models.TextField(_("timing of the succession"), blank=True)
    succession_shares_assets = models.TextField(_("shares and business assets"), blank=True)
    succession_know_how = models.TextField(_("handing over know-how"), blank=True)
    # Turnaround (経営改善).
    turnaround_causes = models.TextField(_("causes of the difficulties"), blank=True)
    turnaround_measures = models.TextField(_("improvement measures"), blank=True)
    turnaround_repayment = models.TextField(_("repayment plan"), blank=True)
    # DX.
    dx_productivity = models.TextField(_("productivity (office and production)"), blank=True)
    dx_channels = models.TextField(_("sales channels (EC, web)"), blank=True)
    dx_edi = models.TextField(_("EDI and electronic transactions"), blank=True)

    objects = BusinessPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(
                fields=["organization", "status", "fiscal_year"], name="plan_status_fy_idx"
            ),
            models.Index(fields=["organization", "business"], name="plan_business_idx"),
            models.Index(fields=["organization", "follow_up_due"], name="plan_follow_up_due_idx"),
            models.Index(fields=["organization", "next_report_due"], name="plan_report_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(follow_up_group__isnull=True)
                | models.Q(follow_up_group__gte=1, follow_up_group__lte=4),
                name="plan_follow_up_group_1_4",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_followed(self) -> bool:
        return self.status in FOLLOWED_STATUSES

    @property
    def is_drafting(self) -> bool:
        return self.status == PlanStatus.DRAFTING

    def refresh_fiscal_year(self) -> None:
        self.fiscal_year = fiscal_year(self.completed_on) if self.completed_on else None

    def save(self, *args, **kwargs):
        self.refresh_fiscal_year()
        super().save(*args, **kwargs)


class PlanYearTarget(TenantModel):
    """Sales and profit the plan aims at in one fiscal year after the baseline."""

    plan = models.ForeignKey(
        BusinessPlan,
        on_delete=models.CASCADE,
        related_name="year_targets",
        verbose_name=_("business plan"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    sales = money(_("sales (thousand yen)"))
    profit = money(_("profit (thousand yen)"))

    class Meta:
        verbose_name = _("year target")
        verbose_name_plural = _("year targets")
        ordering = ["plan", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "fiscal_year"], name="plan_target_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.fiscal_year}"
