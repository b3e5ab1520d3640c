"""Access decisions for events: readers see events, writers change them, committee nothing."""

from datetime import date

from django.urls import reverse

from bansou.events.models import Event, EventParticipation
from bansou.testing import BUSINESS_OBJECT, CHAMBER_OBJECT

OBJECTS = {
    "events:detail": CHAMBER_OBJECT,
    "events:edit": CHAMBER_OBJECT,
    "events:delete": CHAMBER_OBJECT,
    "events:participant_add": CHAMBER_OBJECT,
    "events:participants_export": CHAMBER_OBJECT,
    "events:participation_edit": BUSINESS_OBJECT,
    "events:participation_delete": BUSINESS_OBJECT,
}

POST_ONLY = {
    "events:delete",
    "events:participation_delete",
}

POST = {
    "events:delete": {},
    "events:participation_delete": {},
}


def _participate(event, business, staff) -> EventParticipation:
    participation = EventParticipation(event=event, business=business, staff=staff)
    participation.capture_business_facts()
    participation.save()
    return participation


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    staff = request.getfixturevalue("advisor_a")
    org = business.organization
    event, created = Event.objects.get_or_create(
        organization=org, name="商談会", held_on=date(2024, 6, 1), defaults={"kind": "matchmaking"}
    )
    participation = (
        _participate(event, business, staff)
        if created
        else EventParticipation.objects.get(event=event, business=business)
    )
    # Fresh targets for the deletes, so that one persona's success leaves the next a target.
    n = Event.objects.count()
    empty = Event.objects.create(
        organization=org, name=f"空{n}", held_on=date(2024, 7, 1), kind="other"
    )
    other = Event.objects.create(
        organization=org, name=f"取消{n}", held_on=date(2024, 7, 1), kind="other"
    )
    victim = _participate(other, business, staff)
    pk = {"pk": event.pk}
    return {
        "events:detail": reverse("events:detail", kwargs=pk),
        "events:edit": reverse("events:edit", kwargs=pk),
        "events:delete": reverse("events:delete", kwargs={"pk": empty.pk}),
        "events:participant_add": reverse("events:participant_add", kwargs=pk),
        "events:participants_export": reverse("events:participants_export", kwargs=pk),
        "events:participation_edit": reverse(
            "events:participation_edit", kwargs={"pk": participation.pk}
        ),
        "events:participation_delete": reverse(
            "events:participation_delete", kwargs={"pk": victim.pk}
        ),
    }
