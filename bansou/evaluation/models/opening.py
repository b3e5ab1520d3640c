"""移行前の集計値: a rule row's figure for a year before the chamber recorded in bansou."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.core.versioning import VersionedModel
from bansou.organizations.models import TenantModel

from .plan import PlanItem


class OpeningFigure(VersionedModel, TenantModel):
    """The figure a chamber counted before bansou, with its evidence (who, when, which file).

    Entered only while the year has no records of the row's kind; should records appear
    later (an import of history), the figure stays until a person chooses which stands.
    """

    class Stands(models.TextChoices):
        OPENING = "opening", _("Opening figure")
        RECORDS = "records", _("Figure from the records")

    item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="opening_figures", verbose_name=_("row")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    value = models.DecimalField(_("opening figure"), max_digits=12, decimal_places=2)
    source_file = models.CharField(
        _("source file"),
        max_length=200,
        help_text=_("The file the figure was taken from, e.g. 令和5年度実績集計.xlsx."),
    )
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    # Empty until records exist for the year and a person has chosen.
    stands = models.CharField(
        _("figure that stands"), max_length=10, choices=Stands.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen by"),
    )
    decided_at = models.DateTimeField(_("chosen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opening figure")
        verbose_name_plural = _("opening figures")
        ordering = ["item", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["item", "fiscal_year"], name="evaluation_opening_year")
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.fiscal_year}: {self.value}"
