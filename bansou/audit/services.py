"""Writing audit entries: an explicit call from each service, never a signal."""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from django.db import models

from .models import AuditEntry


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


def unsaved_entry(
    instance: models.Model, action: str, actor, changes: dict | None = None
) -> AuditEntry:
    """The entry log_action writes, not yet saved: for imports that bulk_create many."""
    return AuditEntry(
        organization_id=instance.organization_id,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=instance._meta.label_lower,
        target_id=instance.pk,
        target_repr=str(instance)[:200],
        changes=changes or {},
    )


def log_action(instance: models.Model, action: str, actor, changes: dict | None = None):
    entry = unsaved_entry(instance, action, actor, changes)
    entry.save(force_insert=True)
    return entry


def log_actions(instances: Iterable[models.Model], action: str, actor, changes: dict | None = None):
    """The entry log_action writes, for each of many objects, in one INSERT."""
    return AuditEntry.objects.bulk_create(
        [unsaved_entry(instance, action, actor, changes) for instance in instances]
    )
