"""Import of event participants: event name + day + business, with the outcomes.

An event is found by its name and day and created when the chamber has none (its kind and
venue from the row); a business already taking part in that event is updated, so importing
the same list twice changes nothing.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.audit.models import AuditEntry
from bansou.audit.services import diff, snapshot, unsaved_entry
from bansou.core.versioning import bump_versions
from bansou.dataio import cleaners, lookups
from bansou.dataio.registry import Action, Column, ImportKind
from bansou.lib.eras import fiscal_year

from .models import Event, EventKind, EventParticipation
from .services import EVENT_FIELDS, PARTICIPATION_FIELDS

KIND_WORDS = {
    "展示会": "exhibition",
    "見本市": "exhibition",
    "商談会": "matchmaking",
    "受発注商談会": "matchmaking",
    "セミナー": "seminar",
    "講習会": "seminar",
    "その他": "other",
}
OUTCOMES = ("deals_closed", "new_trading_partners", "note")


def _outcome(value) -> int:
    return cleaners.positive_integer(value)


class EventParticipantsImport(ImportKind):
    code = "event_participants"
    label = gettext_lazy("Event participants")
    description = gettext_lazy(
        "Businesses that took part in exhibitions, seminars and matchmaking meetings, with "
        "deals closed and new trading partners. Unknown events are created."
    )
    list_url_name = "events:list"
    order = 40
    export_only = (gettext_lazy("district"),)
    columns = (
        Column(
            "event_name",
            gettext_lazy("event name"),
            aliases=("イベント名", "催事名", "展示会名", "商談会名", "セミナー名", "行事名"),
            required=True,
            clean=cleaners.limited_text(200),
            empty="",
        ),
        Column(
            "held_on",
            gettext_lazy("held on"),
            aliases=("開催日", "開催年月日", "実施日", "日付"),
            required=True,
            clean=cleaners.day,
        ),
        Column(
            "event_kind",
            gettext_lazy("event kind"),
            aliases=("種別", "イベント種別", "区分"),
            clean=cleaners.choice(EventKind.choices, KIND_WORDS),
            empty="",
            display=cleaners.choice_display(EventKind.choices),
        ),
        Column(
            "venue",
            gettext_lazy("venue"),
            aliases=("会場", "開催場所", "場所"),
            clean=cleaners.limited_text(200),
            empty="",
        ),
        *lookups.business_columns(),
        Column(
            "deals_closed",
            gettext_lazy("deals closed"),
            aliases=("成約件数", "成約数", "成約"),
            clean=_outcome,
        ),
        Column(
            "new_trading_partners",
            gettext_lazy("new trading partners"),
            aliases=("新規取引先", "新規取引先数", "新規取引先件数"),
            clean=_outcome,
        ),
        Column("note", gettext_lazy("note"), aliases=("備考", "メモ"), empty=""),
        lookups.staff_column(),
    )

    def validate_mapping(self, mapped: set[str]) -> list[str]:
        return lookups.business_mapping_problems(mapped)

    def begin(self, run) -> None:
        run.cache["seen"] = {}
        run.cache["new_events"] = {}  # (name, day) → the first row naming it

    def resolve(self, rows, run) -> None:
        lookups.resolve_businesses(rows, run)
        lookups.resolve_staff(rows, run)
        rows = [r for r in rows if r.ok]
        if not rows:
            return
        events = {
            (e.name, e.held_on): e
            for e in Event.objects.filter(
                organization=run.organization,
                name__in={r.values["event_name"] for r in rows},
                held_on__in={r.values["held_on"] for r in rows},
            )
        }
        taken = {
            (p.event_id, p.business_id): p
            for p in EventParticipation.objects.filter(
                event__in=list(events.values()),
                business__in={r.extra["business"].pk for r in rows},
            ).select_related("business", "staff")
        }
        seen = run.cache["seen"]
        for row in rows:
            v = row.values
            event_key = (v["event_name"], v["held_on"])
            k = (event_key, row.extra["business"].pk)
            if k in seen:
                row.error(
                    "business_name",
                    _("This business is already listed for this event on row %(row)s.")
                    % {"row": seen[k]},
                )
                continue
            seen[k] = row.number
            event = events.get(event_key)
            row.extra["event"] = event
            if event is None:
                run.cache["new_events"].setdefault(event_key, row.number)
                row.match = _("new event")
                row.action = Action.CREATE
                continue
            participation = taken.get((event.pk, row.extra["business"].pk))
            if participation is None:
                row.action = Action.CREATE
                row.match = _("event of %(date)s") % {"date": cleaners.display(event.held_on)}
                continue
            self._prepare_update(row, run, participation)

    def _prepare_update(self, row, run, participation) -> None:
        before = snapshot(participation, PARTICIPATION_FIELDS)
        for name in OUTCOMES:
            value = row.values[name]
            if run.is_mapped(name) and value not in (None, ""):
                setattr(participation, name, value)
        changes = diff(participation, before, snapshot(participation, PARTICIPATION_FIELDS))
        row.target = participation
        row.extra["changes"] = changes
        row.match = _("already a participant")
        row.action = Action.UPDATE if changes else Action.UNCHANGED

    def write(self, rows, run) -> None:
        org = run.organization
        new_events: dict[tuple, Event] = {}
        for row in rows:
            v = row.values
            key = (v["event_name"], v["held_on"])
            if row.extra.get("event") is None and key not in new_events:
                new_events[key] = Event(
                    organization=org,
                    name=v["event_name"],
                    held_on=v["held_on"],
                    fiscal_year=fiscal_year(v["held_on"]),
                    kind=v["event_kind"] or EventKind.OTHER,
                    venue=v["venue"],
                )
        Event.objects.bulk_create(new_events.values())
        entries = [
            _entry(e, "events.event.created", run, diff(e, {}, snapshot(e, EVENT_FIELDS)))
            for e in new_events.values()
        ]
        created = []
        for row in rows:
            if row.action != Action.CREATE:
                continue
            v = row.values
            participation = EventParticipation(
                organization=org,
                event=row.extra["event"] or new_events[(v["event_name"], v["held_on"])],
                business=row.extra["business"],
                staff_id=row.extra["staff_id"],
                deals_closed=v["deals_closed"] or 0,
                new_trading_partners=v["new_trading_partners"] or 0,
                note=v["note"],
            )
            participation.capture_business_facts()
            participation.refresh_derived()
            created.append(participation)
        EventParticipation.objects.bulk_create(created)
        updated = [row for row in rows if row.action == Action.UPDATE]
        if updated:
            targets = [r.target for r in updated]
            # A form opened before the import must not overwrite it (core/versioning.py).
            EventParticipation.objects.bulk_update(targets, [*OUTCOMES, *bump_versions(targets)])
        entries += [
            _entry(p, "events.participation.created", run, diff(p, {}, snapshot(p, OUTCOMES)))
            for p in created
        ]
        entries += [
            _entry(r.target, "events.participation.updated", run, r.extra["changes"])
            for r in updated
        ]
        AuditEntry.objects.bulk_create(entries)


def _entry(obj, action: str, run, changes: dict) -> AuditEntry:
    return unsaved_entry(obj, action, run.actor, changes)
