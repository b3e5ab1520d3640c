"""Append-only entries: inserted once, never updated or deleted but by retention."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bansou.audit.models import AppendOnlyError, AuditEntry
from bansou.audit.services import log_action, log_actions


@pytest.fixture
def entry(business_a, advisor_a):
    return log_action(business_a, "businesses.business.updated", advisor_a, {"x": 1})


def test_an_entry_cannot_be_saved_again(entry):
    entry.action = "businesses.business.deleted"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "businesses.business.updated"


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "write",
    [
        lambda qs: qs.update(action="x"),
        lambda qs: qs.delete(),
        lambda qs: qs.bulk_update(list(qs), ["action"]),
        lambda qs: qs.filter(pk__gt=0).update(target_repr=""),
    ],
    ids=["update", "delete", "bulk_update", "filtered-update"],
)
def test_querysets_refuse_updates_and_deletes(entry, write):
    with pytest.raises(AppendOnlyError):
        write(AuditEntry.objects.all())
    assert AuditEntry.objects.get(pk=entry.pk).action == "businesses.business.updated"


def test_purge_before_is_the_only_deletion(entry, business_a, advisor_a):
    assert AuditEntry.objects.purge_before(timezone.now() - timedelta(days=1)) == 0
    assert AuditEntry.objects.purge_before(timezone.now() + timedelta(seconds=1)) == 1
    assert not AuditEntry.objects.exists()


def test_entries_keep_the_user_name_and_search_text(entry, advisor_a):
    assert entry.actor_name == "advisor-a"
    assert "株式会社青葉鋳工所" in entry.search_text


def test_bulk_created_entries_get_the_user_name(business_a, advisor_a):
    [entry] = log_actions([business_a], "businesses.business.updated", advisor_a)
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == "advisor-a"


def test_deleting_a_user_leaves_the_trail_as_it_was(entry, advisor_a, business_a):
    AuditEntry.objects.filter(actor=advisor_a)  # the FK has no database constraint
    pk = advisor_a.pk
    advisor_a.delete()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_id == pk and kept.actor_name == "advisor-a"


def test_change_history_leaves_out_access_events(business_a, advisor_a):
    log_action(business_a, "businesses.business.updated", advisor_a)
    log_action(business_a, "businesses.business.viewed", advisor_a)
    log_action(business_a, "businesses.business.exported", advisor_a)
    assert [e.action for e in AuditEntry.objects.for_object(business_a)] == [
        "businesses.business.updated"
    ]
