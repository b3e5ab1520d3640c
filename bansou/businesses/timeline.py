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
records (implemented in `timeline_page`). A source model's manager may offer `for_user(user)`;
when it does, the timeline shows only what it returns (committee members see nothing).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.db.models.functions import Cast
from django.utils.functional import Promise


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    label: str | Promise
    model: type[models.Model]
    date_field: str
    template: str
    select_related: tuple[str, ...] = field(default=())
    # The attribute shown as the entry's moment when it differs from date_field (a support
    # record whose time of day is unknown shows its date alone).
    shown_as: str = ""


_SOURCES: dict[str, TimelineSource] = {}


def register(source: TimelineSource) -> None:
    if source.kind in _SOURCES and _SOURCES[source.kind] != source:
        raise ValueError(f"timeline kind {source.kind!r} is registered twice")
    _SOURCES[source.kind] = source


def unregister(kind: str) -> None:
    """For tests that register a temporary source."""
    _SOURCES.pop(kind, None)


def sources() -> list[TimelineSource]:
    return list(_SOURCES.values())


class LocalMidnight(models.Func):
    """A DateField as the moment its day starts in Japan, comparable with DateTimeFields.

    A date-only entry (a check on 4/1) then sorts below the timed entries of the same day
    instead of at 09:00 (UTC midnight), on SQLite and PostgreSQL alike. Japan has no daylight
    saving time, so the fixed offset is exact.
    """

    output_field = models.DateTimeField()

    def as_sql(self, compiler, connection, **extra_context):
        return Cast(self.source_expressions[0], models.DateTimeField()).as_sql(
            compiler, connection, **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # The same text form as Cast(<datetime>, DateTimeField) on SQLite, so both sort together.
        sql, params = super().as_sql(
            compiler,
            connection,
            template="strftime(%%s, %(expressions)s, '-9 hours')",
            **extra_context,
        )
        return sql, ("%Y-%m-%d %H:%M:%f", *params)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="((%(expressions)s)::timestamp AT TIME ZONE 'Asia/Tokyo')",
            **extra_context,
        )


def _moment(source: TimelineSource) -> models.Expression:
    date_field = source.model._meta.get_field(source.date_field)
    if isinstance(date_field, models.DateTimeField):
        return Cast(source.date_field, models.DateTimeField())
    return LocalMidnight(source.date_field)


def _visible(source: TimelineSource, business, user) -> models.QuerySet:
    queryset = source.model._default_manager.filter(
        organization=business.organization_id, business=business.pk
    )
    if hasattr(queryset, "for_user"):
        queryset = queryset.for_user(user)
    return queryset


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    source: TimelineSource
    when: Any  # the source's date or datetime, as stored
    obj: models.Model


@dataclass(frozen=True)
class KindCount:
    source: TimelineSource
    count: int


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    number: int
    per_page: int
    total: int  # entries of the selected kinds
    kinds: list[str]  # the selected kinds (all registered when no filter was given)
    counts: list[KindCount]  # every registered kind with its number of entries
    filtered: bool = False  # the page was asked for some kinds only

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def kind_query(self) -> str:
        """The kind filter as the start of a page link's query string ("kind=a&" or "")."""
        return "".join(f"kind={kind}&" for kind in self.kinds) if self.filtered else ""


def _page_rows(visible, selected, *, offset: int, limit: int) -> list[tuple]:
    """(kind, pk, when) of one page: one UNION ALL over the kinds, newest first.

    Each kind contributes only its newest offset+limit rows, read in the order of its
    (business, date) index, so a business with thousands of records is not sorted in full.
    Django cannot put ORDER BY/LIMIT inside the members of a compound query on SQLite, so
    the members are compiled by the ORM and wrapped here as sub-selects.
    """
    parts, params = [], []
    for source in selected:
        member = (
            visible[source.kind]
            .order_by(f"-{source.date_field}", "-pk")
            .annotate(
                t_kind=models.Value(source.kind, output_field=models.CharField()),
                t_pk=models.F("pk"),
                t_when=_moment(source),
            )
            .values_list("t_kind", "t_pk", "t_when")[: offset + limit]
        )
        sql, member_params = member.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS t{len(parts)}")
        params.extend(member_params)
    # Newest first; ties (same day for date-only kinds) by kind, then newest row first.
    sql = " UNION ALL ".join(parts) + " ORDER BY 3 DESC, 1 ASC, 2 DESC LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return cursor.fetchall()


def timeline_page(business, *, user, kinds=None, page: int = 1, per_page: int = 20) -> TimelinePage:
    """One page of everything recorded about `business`, newest first.

    Queries: one for the counts per kind, one UNION ALL for the page's (kind, pk, when), and
    one per kind present on the page — independent of the number of records.
    """
    registered = sorted(sources(), key=lambda s: s.kind)
    chosen = [s for s in registered if kinds and s.kind in kinds]
    selected = chosen or registered  # unknown kinds are ignored rather than showing nothing
    if not registered:
        return TimelinePage([], 1, per_page, 0, [], [])

    visible = {s.kind: _visible(s, business, user) for s in registered}
    count_parts = [
        visible[s.kind]
        .order_by()
        .annotate(t_kind=models.Value(s.kind, output_field=models.CharField()))
        .values("t_kind")
        .annotate(t_count=models.Count("pk"))
        .values_list("t_kind", "t_count")
        for s in registered
    ]
    # A union takes the first model's Meta.ordering again unless told otherwise.
    first, *rest = count_parts
    counted = dict(first.union(*rest, all=True).order_by() if rest else first)
    counts = [KindCount(s, counted.get(s.kind, 0)) for s in registered]
    total = sum(counted.get(s.kind, 0) for s in selected)

    num_pages = max(1, -(-total // per_page))
    number = min(max(1, page), num_pages)
    offset = (number - 1) * per_page
    rows = _page_rows(visible, selected, offset=offset, limit=per_page) if total else []

    by_kind: dict[str, list[int]] = {}
    for kind, pk, _when in rows:
        by_kind.setdefault(kind, []).append(pk)
    sources_by_kind = {s.kind: s for s in selected}
    objects: dict[tuple[str, int], models.Model] = {}
    for kind, pks in by_kind.items():
        source = sources_by_kind[kind]
        queryset = source.model._default_manager.filter(pk__in=pks)
        if source.select_related:
            queryset = queryset.select_related(*source.select_related)
        for obj in queryset:
            objects[(kind, obj.pk)] = obj

    entries = [
        TimelineEntry(
            kind=kind,
            source=sources_by_kind[kind],
            when=getattr(
                objects[(kind, pk)],
                sources_by_kind[kind].shown_as or sources_by_kind[kind].date_field,
            ),
            obj=objects[(kind, pk)],
        )
        for kind, pk, _when in rows
        if (kind, pk) in objects  # a row deleted between the two queries is skipped
    ]
    return TimelinePage(
        entries=entries,
        number=number,
        per_page=per_page,
        total=total,
        kinds=[s.kind for s in selected],
        counts=counts,
        filtered=bool(chosen),
    )


__all__ = [
    "KindCount",
    "TimelineEntry",
    "TimelinePage",
    "TimelineSource",
    "register",
    "sources",
    "timeline_page",
    "unregister",
]
