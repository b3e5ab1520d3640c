"""Writing support records; each operation writes its audit entry in the same transaction."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.lib.eras import format_wareki

from .choices import Channel, Theme
from .models import LOCAL_TZ, NARRATIVE_FIELDS, SupportRecord, SupportRecordTheme

# What a caller may pass besides the required arguments of record_support.
OPTIONAL_FIELDS = (
    *NARRATIVE_FIELDS,
    "time_known",
    "duration_minutes",
    "next_action",
    "next_action_due",
)
AUDITED_FIELDS = (
    "business",
    "staff",
    "occurred_at",
    "channel",
    "duration_minutes",
    *NARRATIVE_FIELDS,
    "next_action",
    "next_action_due",
    "next_action_done",
)
THEMES_KEY = "themes"


def local_date(moment: datetime) -> date:
    """The chamber's calendar day of a moment (Asia/Tokyo, whatever the active timezone)."""
    return timezone.localtime(moment, LOCAL_TZ).date()


def today() -> date:
    return timezone.localtime(timezone.now(), LOCAL_TZ).date()


def _check(record: SupportRecord, themes: list[str]) -> None:
    """The rules the form also checks, repeated here for callers that are not the form."""
    if record.business.organization_id != record.organization_id or (
        record.staff.organization_id != record.organization_id
    ):
        raise DomainError(_("The business and the staff member must belong to the same chamber."))
    if timezone.is_naive(record.occurred_at):
        raise DomainError(_("The date and time of the support must carry a time zone."))
    occurred_on = local_date(record.occurred_at)
    if occurred_on > today():
        raise DomainError(_("Support cannot be recorded for a future date."), code="future")
    if record.next_action_due and record.next_action_due < occurred_on:
        raise DomainError(
            _("The next action cannot be due before the support took place."), code="due"
        )
    if record.channel not in Channel.values:
        raise DomainError(_("Unknown channel: %(channel)s") % {"channel": record.channel})
    unknown = sorted(set(themes) - set(Theme.values))
    if unknown:
        raise DomainError(_("Unknown theme: %(theme)s") % {"theme": ", ".join(unknown)})


def _snapshot(record: SupportRecord) -> dict:
    """The audited values; the moment as the chamber reads it (和暦 and local time), not UTC."""
    values = snapshot(record, AUDITED_FIELDS)
    local = timezone.localtime(record.occurred_at, LOCAL_TZ)
    values["occurred_at"] = format_wareki(local.date())
    if record.time_known:
        values["occurred_at"] += f" {local:%H:%M}"
    return values


def _theme_labels(themes) -> str:
    labels = dict(Theme.choices)
    return "、".join(str(labels[t]) for t in sorted(themes, key=Theme.values.index))


def _theme_change(before: set[str], after: set[str]) -> dict:
    if before == after:
        return {}
    return {
        THEMES_KEY: {
            "label": _("themes"),
            "old": _theme_labels(before) if before else None,
            "new": _theme_labels(after) if after else None,
        }
    }


def _write_themes(record: SupportRecord, themes: set[str]) -> None:
    SupportRecordTheme.objects.bulk_create(
        SupportRecordTheme(organization_id=record.organization_id, record=record, theme=theme)
        for theme in sorted(themes)
    )


@transaction.atomic
def record_support(
    *,
    business,
    staff,
    occurred_at: datetime,
    channel: str,
    themes,
    actor=None,
    **fields,
) -> SupportRecord:
    """Record one contact with a business (カルテ). `fields` are the narrative fields,
    duration_minutes, next_action and next_action_due; `actor` defaults to the staff member."""
    unexpected = set(fields) - set(OPTIONAL_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    record = SupportRecord(
        business=business, staff=staff, occurred_at=occurred_at, channel=channel, **fields
    )
    record.capture_business_facts()
    themes = set(themes)
    _check(record, list(themes))
    record.save()
    _write_themes(record, themes)
    changes = diff(record, {}, _snapshot(record)) | _theme_change(set(), themes)
    log_action(record, "support.record.created", actor or staff, changes)
    return record


@transaction.atomic
def update_support_record(record: SupportRecord, *, themes, actor) -> SupportRecord:
    """Save the changed fields of `record` and replace its themes. The business and the facts
    captured when the record was written stay as they were (records.py)."""
    stored = SupportRecord.objects.select_related("business", "staff").get(
        organization=record.organization_id, pk=record.pk
    )
    if record.business_id != stored.business_id:
        raise DomainError(_("A support record cannot be moved to another business."))
    before = _snapshot(stored)
    before_themes = set(stored.themes.values_list("theme", flat=True))
    themes = set(themes)
    _check(record, list(themes))
    record.save()
    if themes != before_themes:
        record.themes.all().delete()
        _write_themes(record, themes)
    changes = diff(record, before, _snapshot(record))
    changes |= _theme_change(before_themes, themes)
    if changes:
        log_action(record, "support.record.updated", actor, changes)
    return record


@transaction.atomic
def delete_support_record(record: SupportRecord, *, actor) -> None:
    themes = set(record.themes.values_list("theme", flat=True))
    before = _snapshot(record)
    changes = diff(record, before, {}) | _theme_change(themes, set())
    log_action(record, "support.record.deleted", actor, changes)
    record.delete()


@transaction.atomic
def mark_next_action_done(record: SupportRecord, *, actor, done: bool = True) -> SupportRecord:
    """Tick off (or reopen) the record's next action; a record without one has nothing to do."""
    if not record.next_action and record.next_action_due is None:
        raise DomainError(_("This record has no next action."), code="no_next_action")
    if record.next_action_done == done:
        return record
    before = snapshot(record, ("next_action_done",))
    record.next_action_done = done
    record.save(update_fields=["next_action_done", "updated_at"])
    changes = diff(record, before, snapshot(record, ("next_action_done",)))
    log_action(record, "support.record.updated", actor, changes)
    return record
