"""Visibility of events and participations, mirroring Business.objects.for_user."""

from django.db import models

from bansou.businesses.records import BusinessRecordQuerySet
from bansou.core.permissions import Capability


class EventQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)

    def for_user(self, user):
        """The chamber's events, for the chamber's staff (EVENTS_READ: not committee members,
        not experts, who are dispatched to single businesses).

        An event itself names no business; which participants a user sees is decided by
        ParticipationQuerySet.for_user.
        """
        if not user.is_authenticated or not user.has_capability(Capability.EVENTS_READ):
            return self.none()
        return self.for_organization(user.organization_id)


class ParticipationQuerySet(BusinessRecordQuerySet):
    """A participation is a record about a business: visible exactly like one."""
