"""Who sees which vendors, needs and proposals: chamber staff see their chamber's, a vendor
only the needs sent to it and its own proposals."""

from django.db import models

from bansou.businesses.records import BusinessRecordQuerySet

from .states import NeedStatus


class VendorQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)


class NeedQuerySet(BusinessRecordQuerySet):
    """A need is a record about a business (staff see it like one, e.g. on the timeline)."""

    def sent_to(self, vendor):
        """The needs a vendor received: sent to it, never a draft, never another chamber's."""
        return self.filter(organization=vendor.organization_id, recipients__vendor=vendor).exclude(
            status=NeedStatus.DRAFT
        )


class ProposalQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)

    def of_vendor(self, vendor):
        return self.filter(organization=vendor.organization_id, vendor=vendor)
