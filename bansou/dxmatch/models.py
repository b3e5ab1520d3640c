"""Vendors, a business's DX needs, who they were sent to and the proposals received.

A need is a countable record (BusinessRecord): the plan's row 労働生産性向上支援 counts the
needs sent to vendors in the fiscal year of their first sending (`sent_on`).
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.businesses.records import BusinessRecord
from bansou.core.versioning import VersionedModel
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import TenantModel

from .querysets import NeedQuerySet, ProposalQuerySet, VendorQuerySet
from .states import NeedStatus

# An attached quote (PDF, Excel) is kept in the database, so that backups carry it.
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class VendorKind(models.TextChoices):
    IT_VENDOR = "it_vendor", _("IT vendor")
    EXPERT = "expert", _("Expert (IT coordinator etc.)")


class Vendor(VersionedModel, TenantModel):
    """A member IT vendor or expert of the chamber's network (会員IT事業者・専門家)."""

    name = models.CharField(_("company name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=VendorKind.choices, default=VendorKind.IT_VENDOR
    )
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    specialties = models.CharField(
        _("specialties"),
        max_length=300,
        blank=True,
        help_text=_("What the vendor offers, e.g. 在庫管理, 会計・給与, ECサイト."),
    )
    is_member = models.BooleanField(_("chamber member"), default=True)
    is_active = models.BooleanField(_("active vendor"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VendorQuerySet.as_manager()

    class Meta:
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="vendor_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class VendorAccount(TenantModel):
    """A user account (Role.VENDOR) that acts for one vendor."""

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("vendor")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vendor_account",
        verbose_name=_("user"),
    )

    class Meta:
        verbose_name = _("vendor account")
        verbose_name_plural = _("vendor accounts")

    def __str__(self) -> str:
        return f"{self.vendor} – {self.user}"


class DxNeed(BusinessRecord):
    """A business's management need (経営課題) put to the vendor network."""

    territory_date_fields = ("sent_on", "opened_on")

    title = models.CharField(_("need"), max_length=200)
    description = models.TextField(
        _("details"), help_text=_("What the business wants to solve, as vendors will read it.")
    )
    analysis = models.ForeignKey(
        "analysis.BusinessAnalysis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the analysis"),
    )
    budget = models.BigIntegerField(_("budget (yen)"), null=True, blank=True)
    opened_on = models.DateField(_("registered on"))
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT
    )
    # The day it first went to vendors: the year the plan counts it in.
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), null=True, blank=True, editable=False
    )
    proposals_due = models.DateField(_("proposals due"), null=True, blank=True)
    chosen_proposal = models.ForeignKey(
        "DxProposal",
        # RESTRICT: a chosen proposal cannot be deleted alone, but goes with its need.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen proposal"),
    )
    chosen = models.BooleanField(_("a proposal was chosen"), default=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("reason for the decision"), blank=True)
    quality_checked_on = models.DateField(_("quality checked on"), null=True, blank=True)
    quality_checker = models.CharField(_("checked by (expert)"), max_length=100, blank=True)
    quality_note = models.TextField(_("result of the quality check"), blank=True)
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("DX need")
        verbose_name_plural = _("DX needs")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="dxneed_fy_idx"),
            models.Index(fields=["organization", "status"], name="dxneed_status_idx"),
            models.Index(fields=["business", "-opened_on"], name="dxneed_business_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="dxneed_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def refresh_derived(self) -> None:
        self.fiscal_year = fiscal_year(self.sent_on) if self.sent_on else None
        self.chosen = self.chosen_proposal_id is not None

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "fiscal_year", "chosen"}
        super().save(*args, **kwargs)


class NeedRecipient(TenantModel):
    """A vendor a need was sent to (送付先)."""

    need = models.ForeignKey(
        DxNeed, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("DX need")
    )
    vendor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="recipients", verbose_name=_("vendor")
    )
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        verbose_name = _("recipient of a need")
        verbose_name_plural = _("recipients of a need")
        ordering = ["need", "vendor__name"]
        constraints = [
            models.UniqueConstraint(fields=["need", "vendor"], name="recipient_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.need} → {self.vendor}"


class DxProposal(VersionedModel, TenantModel):
    """One vendor's proposal with its quote (改善提案書・見積書) for a need."""

    need = models.ForeignKey(
        DxNeed, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("DX need")
    )
    vendor = models.ForeignKey(
        Vendor, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("vendor")
    )
    summary = models.CharField(_("proposal"), max_length=200)
    description = models.TextField(_("details of the proposal"))
    amount = models.BigIntegerField(_("quote (yen, tax incl.)"), validators=[MinValueValidator(0)])
    monthly_fee = models.BigIntegerField(
        _("monthly fee (yen)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    attachment_name = models.CharField(_("attached file"), max_length=200, blank=True)
    attachment_size = models.PositiveIntegerField(_("file size"), default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_on = models.DateField(_("submitted on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["amount", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "vendor"], name="proposal_unique_vendor"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="proposal_amount_gte0"),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} – {self.summary}"


class ProposalAttachment(TenantModel):
    """The file attached to a proposal, kept apart so that lists never load it."""

    proposal = models.OneToOneField(
        DxProposal, on_delete=models.CASCADE, related_name="attachment", verbose_name=_("proposal")
    )
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
