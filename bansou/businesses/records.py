"""What every countable record about a business stores, so the evaluation can filter in SQL.

The plan's rules count records by the business's district and small-business status *at the
time* (DOMAIN §2: "analyses of small businesses inside the territory"), so a record keeps a
copy of those facts when it is written; later edits of the business do not change old counts.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.accounts.models import Role
from bansou.organizations.models import District, TenantModel

from .models import Business


class BusinessRecordQuerySet(models.QuerySet):
    """Visibility of records about a business, mirroring Business.objects.for_user."""

    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)

    def for_user(self, user):
        """None for committee members and other chambers; the assigned businesses' for experts."""
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        qs = self.for_organization(user.organization_id)
        if user.role == Role.EXPERT:
            # An assignment is unique per (business, expert): the join adds no duplicates.
            return qs.filter(business__assignments__expert=user)
        if not user.can_read_records:
            return qs.none()
        return qs


class BusinessRecord(TenantModel):
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

    class Meta:
        abstract = True

    def capture_business_facts(self) -> None:
        """Copy the business's district and size class onto this record (call before saving)."""
        business = self.business
        self.organization_id = business.organization_id
        self.district_id = business.district_id
        self.in_territory = business.district.in_territory if business.district_id else True
        self.is_small = business.is_small
