"""What each kind of job runs: a handler(job, progress) returning its Outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

HANDLERS: dict[str, Callable] = {}


class Unit(StrEnum):
    """What a job's progress counts: an import's rows, a document's steps, letters."""

    ROWS = "rows"
    STEPS = "steps"
    LETTERS = "letters"


UNITS: dict[str, Unit] = {}


@dataclass
class Outcome:
    message: str = ""
    result_url: str = ""
    # The made file's bytes (or a path already under results_dir) and its download name.
    content: bytes | None = None
    file_name: str = ""


def handler(kind: str, *, unit: Unit = Unit.ROWS) -> Callable[[Callable], Callable]:
    def register(function: Callable) -> Callable:
        HANDLERS[kind] = function
        UNITS[kind] = unit
        return function

    return register


def get_handler(kind: str) -> Callable:
    # The handlers live in the apps whose work they do; importing them registers them.
    from . import handlers  # noqa: F401

    return HANDLERS[kind]


def unit_of(kind: str) -> Unit:
    from . import handlers  # noqa: F401

    return UNITS.get(kind, Unit.ROWS)
