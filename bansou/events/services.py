"""Operations on events and participations; each writes its audit entry in the same transaction."""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.businesses.territory import refresh_records_territory
from bansou.core.errors import DomainError
from bansou.core.versioning import next_version
from bansou.lib.eras import fiscal_year

from .models import Event, EventParticipation

EVENT_FIELDS = ("name", "kind", "held_on", "venue", "department", "note")
PARTICIPATION_FIELDS = ("business", "staff", "deals_closed", "new_trading_partners", "note")


def _check_unique(event: Event) -> None:
    clash = Event.objects.filter(
        organization=event.organization_id, name=event.name, held_on=event.held_on
    ).exclude(pk=event.pk)
    if clash.exists():
        raise DomainError(
            _("An event with this name is already registered on this day."), code="duplicate"
        )


@transaction.atomic
def create_event(event: Event, *, actor) -> Event:
    _check_unique(event)
    event.save()
    log_action(event, "events.event.created", actor, diff(event, {}, snapshot(event, EVENT_FIELDS)))
    return event


@transaction.atomic
def update_event(event: Event, *, actor) -> Event:
    stored = Event.objects.select_related("department").get(
        organization=event.organization_id, pk=event.pk
    )
    before = snapshot(stored, EVENT_FIELDS)
    _check_unique(event)
    event.save()
    if stored.held_on != event.held_on:
        # Participations count in the fiscal year of the event's day (one UPDATE for all).
        event.participations.update(
            participated_on=event.held_on,
            fiscal_year=fiscal_year(event.held_on),
            lock_version=next_version(),
        )
        refresh_records_territory(event.participations.all())  # the territory is dated
    changes = diff(event, before, snapshot(event, EVENT_FIELDS))
    if changes:
        log_action(event, "events.event.updated", actor, changes)
    return event


@transaction.atomic
def delete_event(event: Event, *, actor) -> None:
    if event.participations.exists():
        raise DomainError(
            _("Remove the participants first: their records count in the plan's figures."),
            code="has_participants",
        )
    log_action(event, "events.event.deleted", actor, diff(event, snapshot(event, EVENT_FIELDS), {}))
    event.delete()


@transaction.atomic
def add_participation(participation: EventParticipation, *, actor) -> EventParticipation:
    """Record that a business took part; the business's facts are captured now (records.py)."""
    event, business = participation.event, participation.business
    if business.organization_id != event.organization_id:
        raise DomainError(_("The business belongs to another chamber."))
    if EventParticipation.objects.filter(event=event, business=business).exists():
        raise DomainError(
            _("%(name)s is already a participant of this event.") % {"name": business.name},
            code="duplicate",
        )
    participation.capture_business_facts()
    participation.save()
    changes = diff(participation, {}, snapshot(participation, PARTICIPATION_FIELDS))
    log_action(participation, "events.participation.created", actor, changes)
    return participation


@transaction.atomic
def update_participation(participation: EventParticipation, *, actor) -> EventParticipation:
    stored = EventParticipation.objects.select_related("business", "staff").get(
        organization=participation.organization_id, pk=participation.pk
    )
    before = snapshot(stored, PARTICIPATION_FIELDS)
    participation.save()
    changes = diff(participation, before, snapshot(participation, PARTICIPATION_FIELDS))
    if changes:
        log_action(participation, "events.participation.updated", actor, changes)
    return participation


@transaction.atomic
def remove_participation(participation: EventParticipation, *, actor) -> None:
    before = snapshot(participation, PARTICIPATION_FIELDS)
    log_action(
        participation, "events.participation.deleted", actor, diff(participation, before, {})
    )
    participation.delete()


def businesses_not_participating(event: Event, businesses):
    """The businesses of `businesses` that are not yet participants of `event`."""
    taken = EventParticipation.objects.filter(event=event, business=OuterRef("pk"))
    return businesses.exclude(Exists(taken))
