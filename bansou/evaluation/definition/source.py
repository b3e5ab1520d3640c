"""Reading a plan file into plain data that remembers where each value came from.

Mappings become `Located` dicts: `.line` is where the mapping starts and `.lines[key]` where
each key sits, so that every error can say "line 42". The Excel reader produces the same
structure with sheet row numbers.
"""

from __future__ import annotations

import yaml


class Located(dict):
    """A dict with the source line of the mapping and of each key."""

    line: int = 0
    lines: dict

    def __init__(self, *args, line: int = 0, lines: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        self.lines = lines or {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records line numbers (1-based) on every mapping."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located(line=node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "unhashable key", key_node.start_mark
            ) from None
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class SourceError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str):
    """Parse YAML text; a syntax error becomes a SourceError with its line."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise SourceError(line, str(exc.problem or exc)) from None
    except yaml.YAMLError as exc:
        raise SourceError(0, str(exc)) from None
