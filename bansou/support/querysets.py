"""Visibility of support records, mirroring Business.objects.for_user."""

from django.db import models

from bansou.accounts.models import Role


class SupportRecordQuerySet(models.QuerySet):
    def for_user(self, user) -> "SupportRecordQuerySet":
        """Records this user may read: none for committee members and other chambers,
        only the assigned businesses' records for experts."""
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        qs = self.filter(organization=user.organization_id)
        if user.role == Role.EXPERT:
            return qs.filter(business__assignments__expert=user)
        if not user.can_read_records:
            return qs.none()
        return qs
