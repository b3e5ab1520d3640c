"""Visibility of events and participations, mirroring Business.objects.for_user."""

from django.db import models

from bansou.accounts.models import Role


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


class ParticipationQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)

    def for_user(self, user):
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        qs = self.for_organization(user.organization_id)
        if user.role == Role.EXPERT:
            return qs.filter(business__assignments__expert=user)
        if not user.can_read_records:
            return qs.none()
        return qs
