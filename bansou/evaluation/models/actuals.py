"""What people enter for a year: hand-counted actuals, 実施なし/未報告 with reasons, remarks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.core.versioning import VersionedModel
from bansou.organizations.models import TenantModel

from .plan import PlanItem, PlanSection


class ManualActual(VersionedModel, TenantModel):
    """A hand-counted actual for a row (the chamber counts some rows outside the product).

    Several entries per row and year add up; each is dated so that the monthly progress table
    can place it. Who entered it and the evidence are kept for the committee.
    """

    item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="manual_actuals", verbose_name=_("row")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    recorded_on = models.DateField(_("as of"), help_text=_("The date the count refers to."))
    value = models.DecimalField(_("actual"), max_digits=12, decimal_places=2)
    evidence = models.TextField(_("evidence"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("manual actual")
        verbose_name_plural = _("manual actuals")
        ordering = ["item", "fiscal_year", "recorded_on", "pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="evaluation_manual_fy"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.fiscal_year}: {self.value}"


class ItemYear(VersionedModel, TenantModel):
    """A row's state for one fiscal year: carried out, not carried out, not reported; remarks."""

    class Status(models.TextChoices):
        CARRIED_OUT = "carried_out", _("Carried out")
        NOT_CARRIED_OUT = "not_carried_out", _("Not carried out")
        NOT_REPORTED = "not_reported", _("Not reported")

    item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="years", verbose_name=_("row")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True, help_text=_("One remark per line."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("row for a year")
        verbose_name_plural = _("rows for a year")
        ordering = ["item", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["item", "fiscal_year"], name="evaluation_item_year")
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.fiscal_year}"


class SectionYear(TenantModel):
    """Free remarks on a section for one fiscal year (主な課題/備考)."""

    section = models.ForeignKey(
        PlanSection, on_delete=models.CASCADE, related_name="years", verbose_name=_("section")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    remarks = models.TextField(_("remarks"), blank=True, help_text=_("One remark per line."))
    # What the committee published for the section, when known: the evaluation explains in a
    # remark any difference from the figure it computes (report FY2024 §4 prints 139.3%).
    published_percent = models.DecimalField(
        _("published rate (%)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    published_grade = models.CharField(_("published grade"), max_length=2, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("section for a year")
        verbose_name_plural = _("sections for a year")
        ordering = ["section", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "fiscal_year"], name="evaluation_section_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section} {self.fiscal_year}"
