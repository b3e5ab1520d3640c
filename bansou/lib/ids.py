"""Parsing a record id from a query string or a form: ASCII digits within BigAutoField's range.

`str.isdigit()` is the wrong test: it accepts "²" and "١" (int() then fails on the first or
reads the second), and it says nothing of size ("99999999999999999999" overflows a 64-bit
column on SQLite). Every id read from request.GET or request.POST goes through parse_id.
"""

from __future__ import annotations

import re

__all__ = ["MAX_ID", "parse_id"]

# Django's BigAutoField is a signed 64-bit integer; ids start at 1.
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value: object) -> int | None:
    """The id `value` names, or None when it is not one (blank, signed, non-ASCII, too big)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None
