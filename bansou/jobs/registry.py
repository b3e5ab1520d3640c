"""What each kind of job runs: a handler(job, progress) returning its Outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

HANDLERS: dict[str, Callable] = {}


@dataclass
class Outcome:
    message: str = ""
    result_url: str = ""
    # The made file's bytes (or a path already under results_dir) and its download name.
    content: bytes | None = None
    file_name: str = ""


def handler(kind: str) -> Callable[[Callable], Callable]:
    def register(function: Callable) -> Callable:
        HANDLERS[kind] = function
        return function

    return register


def get_handler(kind: str) -> Callable:
    # The handlers live in the apps whose work they do; importing them registers them.
    from . import handlers  # noqa: F401

    return HANDLERS[kind]
