"""Visibility of referrals, cases and visits.

Chamber staff see all of their chamber's. An expert (RECORDS_READ without RECORDS_READ_ALL) sees
only the cases whose expert is linked to their account, and those cases' visits; the
businesses of those cases become readable to them through businesses.querysets' expert reach
(registered in apps.py). Committee members and other chambers see nothing.
"""

from django.db import models

from bansou.businesses.records import BusinessRecordQuerySet
from bansou.core.permissions import Capability


def _reads_all(user) -> bool:
    return user.has_capability(Capability.RECORDS_READ_ALL)


class ReferralQuerySet(BusinessRecordQuerySet):
    """A request is a record about a business, visible like one (the pages listing requests
    need PARTNERS_READ, which experts lack; on a business's timeline an expert sees the
    requests of the businesses of their cases)."""


class CaseQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int):
        return self.filter(organization=organization_id)

    def for_user(self, user):
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        if not user.can_read_records:
            return self.none()
        qs = self.for_organization(user.organization_id)
        return qs if _reads_all(user) else qs.filter(expert__user=user)


class DispatchRecordQuerySet(BusinessRecordQuerySet):
    def for_user(self, user):
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        if not user.can_read_records:
            return self.none()
        qs = self.for_organization(user.organization_id)
        return qs if _reads_all(user) else qs.filter(case__expert__user=user)


def expert_case_businesses(user):
    """The businesses of the cases whose expert is this user (the expert reach)."""
    from .models import DispatchCase

    return DispatchCase.objects.filter(organization=user.organization_id, expert__user=user).values(
        "business"
    )
