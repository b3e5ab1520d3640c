"""What every countable record about a business stores, so the evaluation can filter in SQL.

The plan's rules count records by the business's district and small-business status *at the
time* (DOMAIN §2: "analyses of small businesses inside the territory"), so a record keeps a
copy of those facts when it is written; later edits of the business do not change old counts.
Whether the district was inside the territory is judged on the record's own date (the
territory is dated: 鳩ヶ谷 joined on 2025-04-01), and recomputed by businesses.territory when
a district's dates change.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.core.permissions import Capability
from bansou.core.versioning import VersionedModel
from bansou.organizations.models import District, TenantModel

from .models import Business
from .querysets import expert_businesses


class BusinessRecordQuerySet(models.QuerySet):
    """Visibility of records about a business, mirroring Business.objects.for_user."""

    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)

    def for_user(self, user):
        """None for committee members and other chambers; the assigned businesses' for experts."""
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        qs = self.for_organization(user.organization_id)
        if not user.can_read_records:
            return qs.none()
        if not user.has_capability(Capability.RECORDS_READ_ALL):
            # Subqueries, not joins (querysets.expert_businesses): no record is listed twice.
            return qs.filter(expert_businesses(user, "business"))
        return qs


class BusinessRecord(VersionedModel, TenantModel):
    """Abstract base: a record about one business, written by one staff member."""

    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="+", verbose_name=_("business")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff in charge"),
    )
    # Facts about the business captured when the record is written (see the module docstring).
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district at the time"),
    )
    in_territory = models.BooleanField(_("inside the territory at the time"), default=True)
    is_small = models.BooleanField(_("small business at the time"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The record's date for the territory, first non-empty of these (the evaluation's
    # RecordKind.date_field first): each concrete record kind names its own.
    territory_date_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def territory_date(self) -> date:
        refresh = getattr(self, "refresh_derived", None)
        if refresh is not None:
            refresh()  # dates derived from other fields (a support record's occurred_at)
        for name in self.territory_date_fields:
            day = getattr(self, name)
            if day is not None:
                return day
        return timezone.localdate()

    def save(self, *args, **kwargs):
        if not self._state.adding and self.district_id is not None:
            # An edit may move the record's date across a change of the territory.
            self.in_territory = self.district.is_in_territory_on(self.territory_date())
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "in_territory"}
        super().save(*args, **kwargs)

    def capture_business_facts(self) -> None:
        """Copy the business's district and size class onto this record (call before saving)."""
        business = self.business
        self.organization_id = business.organization_id
        self.district_id = business.district_id
        self.in_territory = (
            business.district.is_in_territory_on(self.territory_date())
            if business.district_id
            else True
        )
        self.is_small = business.is_small
