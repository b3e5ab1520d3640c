"""Visibility of plans (and of the follow-up records that hang off a business the same way)."""

from bansou.businesses.records import BusinessRecordQuerySet

from .choices import FOLLOWED_STATUSES


class BusinessPlanQuerySet(BusinessRecordQuerySet):
    def followed(self):
        """Plans that are followed up: completed (or approved) ones."""
        return self.filter(status__in=FOLLOWED_STATUSES)
