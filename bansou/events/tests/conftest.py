"""An event of chamber A with business_a taking part."""

from datetime import date

import pytest

from bansou.events.models import Event, EventKind, EventParticipation


@pytest.fixture
def event_a(chamber_a) -> Event:
    event = Event(
        organization=chamber_a,
        name="川口i-mono展示会",
        kind=EventKind.EXHIBITION,
        held_on=date(2024, 11, 5),
    )
    event.save()
    return event


@pytest.fixture
def participation_a(event_a, assigned_business, advisor_a) -> EventParticipation:
    participation = EventParticipation(
        event=event_a,
        business=assigned_business,
        staff=advisor_a,
        deals_closed=2,
        new_trading_partners=3,
    )
    participation.capture_business_facts()
    participation.save()
    return participation
