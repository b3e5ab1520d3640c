"""Each user's choice for the daily digest, and the log of letters asking for reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.organizations.models import TenantModel


class DigestChannel(models.TextChoices):
    EMAIL = "email", _("By e-mail every morning")
    NONE = "none", _("Not at all")


class ReminderSetting(TenantModel):
    """A user's choice; a user without one receives the digest by e-mail (the default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_setting",
        verbose_name=_("user"),
    )
    digest = models.CharField(
        _("daily digest"), max_length=10, choices=DigestChannel.choices, default=DigestChannel.EMAIL
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_digest_display()}"


class DigestSent(TenantModel):
    """That a user's digest of a day went out: the daily task sends each user's once, however
    often it runs (a restarted worker, two workers, `bansou remind` by hand the same day)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("digest sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        ordering = ["-day", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="reminders_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.day}"


class LetterChannel(models.TextChoices):
    PRINT = "print", _("Printed letter")
    EMAIL = "email", _("E-mail")


class ReportRequest(TenantModel):
    """One 「ご報告のお願い」 sent for a plan's six-monthly report: what, when, how, by whom."""

    plan = models.ForeignKey(
        "business_plans.BusinessPlan",
        on_delete=models.CASCADE,
        related_name="report_requests",
        verbose_name=_("business plan"),
    )
    period_number = models.PositiveSmallIntegerField(_("report number"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(pgettext_lazy("reminder", "period end"))
    reply_by = models.DateField(_("reply by"))
    channel = models.CharField(_("sent as"), max_length=10, choices=LetterChannel.choices)
    email = models.EmailField(_("e-mail address"), blank=True)
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report request letter")
        verbose_name_plural = _("report request letters")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["plan", "-sent_on"], name="reportrequest_plan_idx")]

    def __str__(self) -> str:
        return f"{self.plan} #{self.period_number} {self.sent_on}"
