"""`{% if user|can:"records_write" %}`: templates ask the permissions table, never a role."""

from django import template

from bansou.core.permissions import has_capability

register = template.Library()


@register.filter
def can(user, capability: str) -> bool:
    return has_capability(user, capability)
