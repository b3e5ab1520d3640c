"""Visibility of analyses, mirroring Business.objects.for_user."""

from django.db import models

from bansou.accounts.models import Role


class BusinessAnalysisQuerySet(models.QuerySet):
    def for_user(self, user) -> "BusinessAnalysisQuerySet":
        """Analyses this user may read: none for committee members, assigned ones for experts."""
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        qs = self.filter(organization=user.organization_id)
        if user.role == Role.EXPERT:
            return qs.filter(business__assignments__expert=user)
        if not user.can_read_records:
            return qs.none()
        return qs
