"""Visibility of committee meetings, composed by the views."""

from django.db import models


class MeetingQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int) -> "MeetingQuerySet":
        return self.filter(organization=organization_id)

    def for_user(self, user) -> "MeetingQuerySet":
        """The meetings this user may read: the own chamber's, for every reader role."""
        from .permissions import can_read_committee

        if not can_read_committee(user):
            return self.none()
        return self.for_organization(user.organization_id)

    def closed(self) -> "MeetingQuerySet":
        return self.filter(status="closed")
