"""Visibility and search over businesses, composed by views and exports."""

from django.db import models

from bansou.core.permissions import Capability
from bansou.lib.text import search_key

# Longer than any stored key (name and kana, 200 characters each, normalised), and within
# SQLite's 50,000-byte bound on a LIKE pattern however the characters are encoded and escaped.
MAX_SEARCH_KEY = 10_000


class BusinessQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int) -> "BusinessQuerySet":
        return self.filter(organization=organization_id)

    def for_user(self, user) -> "BusinessQuerySet":
        """The businesses whose records this user may see."""
        if not user.is_authenticated or user.organization_id is None:
            return self.none()
        qs = self.for_organization(user.organization_id)
        if not user.can_read_records:
            return qs.none()
        if not user.has_capability(Capability.RECORDS_READ_ALL):
            return qs.filter(assignments__expert=user)
        return qs

    def search(self, query: str) -> "BusinessQuerySet":
        """Substring match on name and kana, in the normalised form both sides share."""
        # NUL is never typed; PostgreSQL refuses it in a query (a 500 from a search box).
        key = search_key(query.replace("\x00", ""))
        if len(key) > MAX_SEARCH_KEY:
            # No stored key is that long, so nothing matches; and SQLite refuses a LIKE
            # pattern over 50,000 bytes (a 500 for a pasted page of text).
            return self.none()
        return self.filter(search_key__contains=key) if key else self
