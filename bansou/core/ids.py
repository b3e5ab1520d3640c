"""Ids from a request: a malformed id is a 404 (the page it names cannot exist), never a 500."""

from __future__ import annotations

from django.http import Http404

from bansou.lib.ids import parse_id

__all__ = ["id_or_404", "optional_id_or_404", "parse_id"]


def id_or_404(value: object) -> int:
    """The id `value` names; Http404 when it is missing or malformed."""
    number = parse_id(value)
    if number is None:
        raise Http404("malformed id")
    return number


def optional_id_or_404(value: object) -> int | None:
    """None when no id was given (an empty parameter), the id, or Http404 when malformed."""
    if value is None or value == "":
        return None
    return id_or_404(value)
