"""Visibility and search over businesses, composed by views and exports."""

import re
from collections.abc import Callable

from django.db import models
from django.db.models import Q

from bansou.core.permissions import Capability
from bansou.lib.text import nfkc, search_key

# Longer than any stored key (name and kana, 200 characters each, normalised), and within
# SQLite's 50,000-byte bound on a LIKE pattern however the characters are encoded and escaped.
MAX_SEARCH_KEY = 10_000
# A query typed as a number: a phone number (048-222-1234, (048)222-1234, ０４８…) or a
# 法人番号. Fewer digits than this match too much to mean a phone number.
NUMBER_QUERY = re.compile(r"[0-9()\-‐－ー−+ ]+")
MIN_DIGITS = 3
MAX_TERMS = 5

# Besides BusinessAssignment, an app may give an expert sight of businesses through its own
# records (partners: the businesses of the expert's dispatch cases). Each function returns a
# queryset of business ids for the user; a filter ORs them as `IN (subquery)`, never as joins,
# so that no business or record is listed twice.
_EXPERT_REACH: list[Callable] = []


def register_expert_reach(business_ids: Callable) -> None:
    if business_ids not in _EXPERT_REACH:
        _EXPERT_REACH.append(business_ids)


def expert_businesses(user, field: str = "pk") -> models.Q:
    """The condition `field IN (businesses this expert may read)`."""
    from .models import BusinessAssignment

    q = models.Q(
        **{f"{field}__in": BusinessAssignment.objects.filter(expert=user).values("business")}
    )
    for business_ids in _EXPERT_REACH:
        q |= models.Q(**{f"{field}__in": business_ids(user)})
    return q


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
            return qs.filter(expert_businesses(user))
        return qs

    def search(self, query: str) -> "BusinessQuerySet":
        """The register's one search box: a substring of the name, kana, representative or
        address (in the normalised form both sides share), or the digits of a phone number
        or 法人番号 (hyphens and widths ignored). Several words must each match somewhere
        ("山田 青木": representative 山田 in 青木); the words run together match too, as
        before ("カワグチ セイコウ" finds カワグチセイコウ)."""
        # NUL is never typed; PostgreSQL refuses it in a query (a 500 from a search box).
        query = query.replace("\x00", "")
        key = search_key(query)
        if len(key) > MAX_SEARCH_KEY:
            # No stored key is that long, so nothing matches; and SQLite refuses a LIKE
            # pattern over 50,000 bytes (a 500 for a pasted page of text).
            return self.none()
        if not key:
            return self
        condition = _term_condition(query, key)
        words = nfkc(query).split()
        if 1 < len(words) <= MAX_TERMS:
            each = Q()
            for word in words:
                each &= _term_condition(word, search_key(word))
            condition |= each
        return self.filter(condition)


def _term_condition(text: str, key: str) -> Q:
    """One word of the query: a substring of the search column (businesses/search.py); a
    word typed as a number also as its digits alone, which the phone and 法人番号 lines hold."""
    condition = Q(search_key__contains=key)
    typed = nfkc(text).strip()
    if NUMBER_QUERY.fullmatch(typed):
        digits = re.sub(r"[^0-9]", "", typed)
        if len(digits) >= MIN_DIGITS and digits != key:
            condition |= Q(search_key__contains=digits)
    return condition
