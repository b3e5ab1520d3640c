"""Per-chamber settings of the start page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.core.versioning import VersionedModel
from bansou.organizations.models import TenantModel


class DashboardSettings(VersionedModel, TenantModel):
    """One row per chamber; a chamber without a row uses the defaults below."""

    # The chamber expects every staff member to complete at least one 経営革新計画 a year.
    DEFAULT_INNOVATION_PLAN_QUOTA = 1

    innovation_plan_quota_per_staff = models.PositiveSmallIntegerField(
        _("innovation plans per staff member a year"),
        default=DEFAULT_INNOVATION_PLAN_QUOTA,
        help_text=_(
            "How many 経営革新計画 each staff member is expected to complete a fiscal year."
        ),
    )

    class Meta:
        verbose_name = _("start page settings")
        verbose_name_plural = _("start page settings")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="dashboard_settings_one_per_org")
        ]

    def __str__(self) -> str:
        return str(self.organization)

    @classmethod
    def quota_for(cls, organization_id: int) -> int:
        quota = (
            cls.objects.filter(organization=organization_id)
            .values_list("innovation_plan_quota_per_staff", flat=True)
            .first()
        )
        return cls.DEFAULT_INNOVATION_PLAN_QUOTA if quota is None else quota


class ChartSnapshot(TenantModel):
    """The lead advisor's dashboard figures of a fiscal year as of a day, computed once.

    Evaluating a year and its months over a million records takes seconds; the dashboard reads
    this row instead. It turns `stale` whenever a record or the plan of its chamber is saved or
    deleted (dashboard.signals), or when its `fingerprint` (the chamber's last id in each record
    kind's table) no longer matches, which catches bulk imports that send no signal
    (dashboard.snapshots). A stale snapshot is shown while the page asks for a fresh one;
    `bansou dashboard_refresh` recomputes them.
    """

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    as_of = models.DateField(_("figures as of"))
    fingerprint = models.CharField(_("fingerprint"), max_length=400)
    payload = models.JSONField(_("figures"))
    stale = models.BooleanField(_("stale"), default=False)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "as_of"], name="chart_snapshot_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.fiscal_year} {self.as_of}"
