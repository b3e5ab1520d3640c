"""Visibility of import jobs: the chamber's record writers see the chamber's imports."""

from django.db import models


class ImportJobQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)

    def for_user(self, user):
        """Imports write records, so only those who may write records see them."""
        if not user.is_authenticated or not user.can_write_records:
            return self.none()
        return self.for_organization(user.organization_id)
