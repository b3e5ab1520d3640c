"""A running job's live state in small files under var/jobs/live, outside the database.

The worker writes `<pk>.json` ({"done", "total", "beat"}) as rows go by and every few seconds
(the heartbeat); the page reads it. The page asks a running job to stop by creating
`<pk>.cancel`, which the worker checks between chunks. Files, because an import's one
transaction holds SQLite's write lock until it ends: a progress row written meanwhile by another
connection would wait for it. Web server and worker share var/ (one machine, see README).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


def live_dir() -> Path:
    path = Path(settings.VAR_DIR) / "jobs" / "live"
    path.mkdir(parents=True, exist_ok=True)
    return path


def results_dir() -> Path:
    path = Path(settings.VAR_DIR) / "jobs" / "results"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class LiveState:
    done: int
    total: int
    beat: float  # time.time() of the last sign of life


def _state_path(pk: int) -> Path:
    return live_dir() / f"{pk}.json"


def _cancel_path(pk: int) -> Path:
    return live_dir() / f"{pk}.cancel"


def write(pk: int, done: int, total: int) -> None:
    path = _state_path(pk)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"done": done, "total": total, "beat": time.time()}))
    os.replace(temporary, path)  # the reader never sees half a file


def read(pk: int) -> LiveState | None:
    try:
        data = json.loads(_state_path(pk).read_text())
    except (FileNotFoundError, ValueError):
        return None
    return LiveState(int(data["done"]), int(data["total"]), float(data["beat"]))


def request_cancel(pk: int) -> None:
    _cancel_path(pk).touch()


def cancel_requested(pk: int) -> bool:
    return _cancel_path(pk).exists()


def clear(pk: int) -> None:
    _state_path(pk).unlink(missing_ok=True)
    _cancel_path(pk).unlink(missing_ok=True)
