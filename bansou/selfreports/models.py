"""A link through which a business sends its own six-monthly report (DOMAIN §3), no account.

One row per plan and report period: the link (its nonce; the URL token is the nonce signed
with SECRET_KEY, see tokens.py), its expiry, what the owner sent, and the advisor's
confirmation, which records the follow-up report through followups.services.record_report.
Nothing the owner sends is counted anywhere until an advisor confirms it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.business_plans.models import BusinessPlan
from bansou.followups.models import FollowUpReport
from bansou.organizations.models import TenantModel


class LinkStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the business")
    SUBMITTED = "submitted", _("Sent, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    EXPIRED = "expired", _("Expired")


class ReportLinkQuerySet(models.QuerySet):
    def for_organization(self, organization_id):
        return self.filter(organization_id=organization_id)

    def awaiting_confirmation(self):
        return self.filter(submitted_at__isnull=False, confirmed_at__isnull=True)


class ReportLink(TenantModel):
    plan = models.ForeignKey(
        BusinessPlan,
        on_delete=models.CASCADE,
        related_name="self_report_links",
        verbose_name=_("business plan"),
    )
    period_number = models.PositiveSmallIntegerField(_("report period"))
    # Random; the URL carries it signed (tokens.py). A new nonce revokes the old link.
    nonce = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("valid until"))

    # What the owner sent (thousand yen, like FollowUpReport).
    submitted_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sales = models.BigIntegerField(_("sales for the period (thousand yen)"), null=True, blank=True)
    profit = models.BigIntegerField(
        _("profit for the period (thousand yen)"), null=True, blank=True
    )
    wants_support = models.BooleanField(_("wants support"), null=True, blank=True)
    comment = models.TextField(_("comments"), blank=True)

    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    report = models.OneToOneField(
        FollowUpReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="self_report_link",
        verbose_name=_("follow-up report"),
    )

    objects = ReportLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("report link")
        verbose_name_plural = _("report links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period_number"], name="selfreport_plan_period")
        ]
        indexes = [
            models.Index(fields=["organization", "submitted_at"], name="selfreport_org_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.period_number}"

    def status(self, now=None) -> LinkStatus:
        if self.confirmed_at is not None:
            return LinkStatus.CONFIRMED
        if self.submitted_at is not None:
            return LinkStatus.SUBMITTED
        if self.expires_at <= (now or timezone.now()):
            return LinkStatus.EXPIRED
        return LinkStatus.OPEN

    def get_status_display(self) -> str:
        return self.status().label
