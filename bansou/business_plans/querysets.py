"""Visibility of plans (and of the follow-up records that hang off a business the same way)."""

from django.db import models

from bansou.accounts.models import Role

from .choices import FOLLOWED_STATUSES


class BusinessRecordQuerySet(models.QuerySet):
    """for_user mirrors Business.objects.for_user for any model with a `business` FK."""

    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)

    def for_user(self, user):
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        qs = self.for_organization(user.organization_id)
        if user.role == Role.EXPERT:
            # The assignment is unique per (business, expert): the join adds no duplicates.
            return qs.filter(business__assignments__expert=user)
        if not user.can_read_records:
            return qs.none()
        return qs


class BusinessPlanQuerySet(BusinessRecordQuerySet):
    def followed(self):
        """Plans that are followed up: completed (or approved) ones."""
        return self.filter(status__in=FOLLOWED_STATUSES)
