"""Keep the dashboard's counts (dashboard.counts) current on every save and delete of a record.

One hook for every path that writes a record through the ORM — the apps' services, forms, the
admin, imports saving row by row, a business's deletion cascading to its records — rather than
a call in each: a path added later is covered without being remembered. Before the write the
record's stored facts (organization, fiscal year, day, business) are read (one query; none for
a new record); after it, the buckets of the old and the new facts are recomputed, inside the
write's transaction, so a rolled-back write leaves the counts as they were. Bulk paths that
send no signal call dashboard.counts.touch_pks themselves. A business saved with another
membership or industry (fields rules read through a join) has its records' buckets recomputed.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from bansou.evaluation.engine.kinds import KINDS

from . import counts

_BEFORE = "_dashboard_facts_before"


def _kind(sender):
    return KINDS[counts.kind_of(sender)]


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    setattr(instance, _BEFORE, counts.facts_of_pks(_kind(sender), [instance.pk]))


def _after_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    kind = _kind(sender)
    before = instance.__dict__.pop(_BEFORE, [])
    with transaction.atomic(using=kwargs.get("using")):
        counts.touch(kind.code, [*before, counts.fact_of(kind, instance)])


def _before_delete(sender, instance, **kwargs) -> None:
    # The instance is the stored row (a queryset's delete() fetches them): no query.
    setattr(instance, _BEFORE, [counts.fact_of(_kind(sender), instance)])


def _after_delete(sender, instance, **kwargs) -> None:
    before = instance.__dict__.pop(_BEFORE, [])
    with transaction.atomic(using=kwargs.get("using")):
        counts.touch(_kind(sender).code, before)


# A business's own fields that rules read through a join (kinds.COMMON_FIELDS): a change
# moves every record of the business in or out of the rows that filter on them.
JOINED_BUSINESS_FIELDS = ("is_member", "industry")


def _business_before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values(*JOINED_BUSINESS_FIELDS)
    setattr(instance, _BEFORE, stored.first())


def _business_after_save(sender, instance, raw=False, **kwargs) -> None:
    before = instance.__dict__.pop(_BEFORE, None)
    if raw or before is None:
        return
    if all(before[name] == getattr(instance, name) for name in JOINED_BUSINESS_FIELDS):
        return
    with transaction.atomic(using=kwargs.get("using")):
        for kind in KINDS.values():
            if kind.is_available() and kind.has_business:
                pks = kind.model._default_manager.filter(
                    **{kind.business_field: instance.pk}
                ).values_list("pk", flat=True)
                counts.touch(kind.code, counts.facts_of_pks(kind, list(pks)))


def watched_models() -> list:
    return [kind.model for kind in KINDS.values() if kind.is_available()]


def connect() -> None:
    for model in watched_models():
        uid = f"dashboard-counts-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid + "-pre-delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-delete")
    business = apps.get_model("businesses", "Business")
    pre_save.connect(_business_before_save, sender=business, dispatch_uid="dashboard-business-pre")
    post_save.connect(_business_after_save, sender=business, dispatch_uid="dashboard-business")
