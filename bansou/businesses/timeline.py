"""The business page's timeline: every app registers the kinds of record it contributes.

Contract for apps (register in their AppConfig.ready()):

    from bansou.businesses.timeline import TimelineSource, register
    register(TimelineSource(
        kind="support_record",                  # stable code, used in ?kind= filters
        label=_("Support records"),             # shown in the kind filter
        model=SupportRecord,                    # a tenant model with a `business` FK
        date_field="occurred_at",               # DateTimeField or DateField to sort by
        template="support/_timeline_entry.html",  # rendered with {"entry": obj, "source": src}
        select_related=("staff",),
    ))

The page is built with one UNION ALL query over (kind, pk, when) for order and paging and one
query per kind for the objects on the page, so the number of queries does not grow with the
records (implemented in `timeline_page`).
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    label: str | Promise
    model: type[models.Model]
    date_field: str
    template: str
    select_related: tuple[str, ...] = field(default=())


_SOURCES: dict[str, TimelineSource] = {}


def register(source: TimelineSource) -> None:
    if source.kind in _SOURCES and _SOURCES[source.kind] != source:
        raise ValueError(f"timeline kind {source.kind!r} is registered twice")
    _SOURCES[source.kind] = source


def sources() -> list[TimelineSource]:
    return list(_SOURCES.values())
