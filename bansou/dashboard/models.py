"""Per-chamber settings of the start page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.core.versioning import VersionedModel
from bansou.organizations.models import TenantModel

from .models_counts import ALL_RECORDS, CountedSeries, DayCount, FirstDay, GroupChange

__all__ = [
    "ALL_RECORDS",
    "CountedSeries",
    "DashboardSettings",
    "DayCount",
    "FirstDay",
    "GroupChange",
]


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
