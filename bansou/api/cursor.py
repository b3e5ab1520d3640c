"""Opaque cursors over (updated_at, id): a client walks a list in the order rows last changed,
so that a synchronisation resumes where it stopped and sees later changes at the end."""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja.errors import HttpError

MAX_CURSOR_LENGTH = 200


@dataclass(frozen=True)
class Position:
    updated_at: datetime
    pk: int


def encode(position: Position) -> str:
    raw = json.dumps([position.updated_at.isoformat(), position.pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> Position:
    """The position a cursor stands for; 400 for anything this module did not write."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        updated_at, pk = json.loads(raw)
        moment = datetime.fromisoformat(updated_at)
        if moment.tzinfo is None or type(pk) is not int or not 0 < pk < 2**63:
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise HttpError(400, _("The cursor is not valid; start again without one.")) from None
    return Position(moment, pk)


def after(queryset: QuerySet, position: Position) -> QuerySet:
    return queryset.filter(
        Q(updated_at__gt=position.updated_at)
        | Q(updated_at=position.updated_at, pk__gt=position.pk)
    )


def page(queryset: QuerySet, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page in (updated_at, id) order and the cursor of the next, None on the last."""
    queryset = queryset.order_by("updated_at", "pk")
    if cursor:
        queryset = after(queryset, decode(cursor))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode(Position(last.updated_at, last.pk))
