"""Visibility of events and participations, mirroring Business.objects.for_user."""

from django.db import models

from bansou.businesses.records import BusinessRecordQuerySet


class EventQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)

    def for_user(self, user):
        """The chamber's events, for everyone who reads records (not committee members).

        An event itself names no business; which participants a user sees is decided by
        ParticipationQuerySet.for_user.
        """
        if not user.is_authenticated or not user.can_read_records:
            return self.none()
        return self.for_organization(user.organization_id)


class ParticipationQuerySet(BusinessRecordQuerySet):
    """A participation is a record about a business: visible exactly like one."""
