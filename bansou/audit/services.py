"""Writing audit entries: an explicit call from each service, never a model signal."""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from django.db import models

from .models import AuditEntry

# Entries written without a user and without a request (management commands).
COMMAND_LINE = "command line"


def display_value(instance: models.Model, field: models.Field):
    """A JSON-safe, human-readable value of one field (choices shown by label)."""
    value = getattr(instance, field.attname)
    if value is None:
        return None
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    if field.is_relation:
        related = getattr(instance, field.name)
        return str(related) if related is not None else None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    meta = instance._meta
    return {name: display_value(instance, meta.get_field(name)) for name in fields}


def diff(instance: models.Model, before: dict, after: dict) -> dict:
    meta = instance._meta
    return {
        name: {
            "label": str(meta.get_field(name).verbose_name),
            "old": before.get(name),
            "new": after.get(name),
        }
        for name in {**before, **after}
        if before.get(name) != after.get(name)
    }


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _organization_id(instance: models.Model):
    """The chamber an object belongs to: its organization, or itself for an Organization."""
    if instance._meta.label_lower == "organizations.organization":
        return instance.pk
    return getattr(instance, "organization_id", None)


def unsaved_entry(
    instance: models.Model,
    action: str,
    actor,
    changes: dict | None = None,
    *,
    address: str | None = None,
) -> AuditEntry:
    """The entry log_action writes, not yet saved: for imports that bulk_create many."""
    actor = _actor(actor)
    return AuditEntry(
        organization_id=_organization_id(instance),
        actor=actor,
        action=action,
        target_type=instance._meta.label_lower,
        target_id=instance.pk,
        target_repr=str(instance)[:200],
        changes=changes or {},
        ip_address=address,
    )


def log_action(
    instance: models.Model,
    action: str,
    actor,
    changes: dict | None = None,
    *,
    address: str | None = None,
):
    entry = unsaved_entry(instance, action, actor, changes, address=address)
    entry.save(force_insert=True)
    return entry


def log_actions(instances: Iterable[models.Model], action: str, actor, changes: dict | None = None):
    """The entry log_action writes, for each of many objects, in one INSERT."""
    return AuditEntry.objects.bulk_create(
        [unsaved_entry(instance, action, actor, changes) for instance in instances]
    )


def log_event(
    action: str,
    actor,
    *,
    organization_id: int | None,
    target_type: str = "",
    target_repr: str = "",
    changes: dict | None = None,
    address: str | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """An entry about no single stored object: an export, a login failure, a purge."""
    actor = _actor(actor)
    entry = AuditEntry(
        organization_id=organization_id,
        actor=actor,
        actor_name=actor_name,
        action=action,
        target_type=target_type,
        target_repr=target_repr[:200],
        changes=changes or {},
        ip_address=address,
    )
    entry.save(force_insert=True)
    return entry
