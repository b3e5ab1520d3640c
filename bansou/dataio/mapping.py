"""Matching a file's header to a kind's fields: Japanese headers are recognised on their own."""

from __future__ import annotations

import re

from django.utils import translation

from .cleaners import key
from .registry import ImportKind

# "売上高（千円）", "売上高[千円]" and "売上高 ※税抜" all name 売上高.
_QUALIFIER_RE = re.compile(r"[(\[【〔<].*?[)\]】〕>]|※.*$")
_MARKS_RE = re.compile(r"[*＊●■◆・:：]+")


def header_key(text: str) -> str:
    return _MARKS_RE.sub("", key(text))


def _loose_key(text: str) -> str:
    return header_key(_QUALIFIER_RE.sub("", key(text)))


def names_of(kind: ImportKind, field_name: str) -> list[str]:
    """Every header that names the field: its code, its labels in both languages, aliases."""
    column = kind.column(field_name)
    names = [column.field, *column.aliases]
    for language in ("ja", "en"):
        with translation.override(language):
            names.append(str(column.label))
    return names


def auto_mapping(kind: ImportKind, header: list[str]) -> dict[str, int | None]:
    """{field: column index or None}; exact names win over names with (単位) stripped."""
    mapping: dict[str, int | None] = {column.field: None for column in kind.columns}
    used: set[int] = set()
    header_keys = [header_key(h) for h in header]
    loose_header_keys = [_loose_key(h) for h in header]
    for keys, transform in ((header_keys, header_key), (loose_header_keys, _loose_key)):
        for column in kind.columns:
            if mapping[column.field] is not None:
                continue
            wanted = {transform(name) for name in names_of(kind, column.field)} - {""}
            for index, header_text_key in enumerate(keys):
                if index not in used and header_text_key in wanted:
                    mapping[column.field] = index
                    used.add(index)
                    break
    return mapping


def clean_mapping(kind: ImportKind, mapping: dict, width: int) -> dict[str, int | None]:
    """A mapping from a form or a stored job, limited to known fields and real columns."""
    cleaned: dict[str, int | None] = {}
    for column in kind.columns:
        value = mapping.get(column.field)
        try:
            index = int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            index = None
        cleaned[column.field] = index if index is not None and 0 <= index < width else None
    return cleaned


def missing_required(kind: ImportKind, mapping: dict[str, int | None]) -> list[str]:
    return [c.field for c in kind.columns if c.required and mapping.get(c.field) is None]
