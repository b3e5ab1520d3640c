"""Mark a chamber's dashboard snapshots stale when a record or its plan is saved or deleted.

The marking runs once per transaction and chamber, after the commit (a rolled-back write changes
nothing), so an import saving a thousand rows costs one UPDATE, not a thousand.
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save

from bansou.evaluation.engine.kinds import KINDS

# Besides the record kinds, every model of these apps feeds the evaluation's figures.
PLAN_APPS = ("evaluation",)
ALL = None  # a row without a chamber: drop every chamber's snapshots


class _Pending:
    """The chambers whose snapshots the current transaction will drop when it commits."""

    def __init__(self):
        self.organizations: set = set()

    def __call__(self) -> None:
        from .snapshots import mark_stale as drop

        organizations, self.organizations = self.organizations, set()
        if ALL in organizations:
            drop(None)
            return
        for organization_id in sorted(organizations):
            drop(organization_id)


def _registered(connection) -> _Pending | None:
    """This savepoint's pending drop, if a save in it registered one already."""
    current = set(connection.savepoint_ids)
    for sids, callback, _robust in reversed(connection.run_on_commit):
        if isinstance(callback, _Pending) and sids == current:
            return callback
    return None


def _drop(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures
    using = kwargs.get("using") or DEFAULT_DB_ALIAS
    connection = connections[using]
    pending = _registered(connection) if connection.in_atomic_block else None
    if pending is None:
        pending = _Pending()
        pending.organizations.add(getattr(instance, "organization_id", ALL))
        transaction.on_commit(pending, using=using)
    else:
        pending.organizations.add(getattr(instance, "organization_id", ALL))


def watched_models() -> list:
    models = [kind.model for kind in KINDS.values() if kind.is_available()]
    for label in PLAN_APPS:
        models += [m for m in apps.get_app_config(label).get_models() if not m._meta.abstract]
    return models


def connect() -> None:
    for model in watched_models():
        uid = f"dashboard-snapshot-{model._meta.label_lower}"
        post_save.connect(_drop, sender=model, dispatch_uid=uid)
        post_delete.connect(_drop, sender=model, dispatch_uid=uid + "-delete")
