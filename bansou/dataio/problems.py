"""The problems a run finds: every one goes to a file on disk, the first few stay in memory.

A 100,000-row file with an error on every row must not hold 100,000 messages in memory, yet
the user must be able to download all of them (the issue: "lists every problem"), so each
problem is appended to a CSV beside the uploaded file and the screen shows the first ones.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import pgettext

KEPT_IN_MEMORY = 200


class Level:
    ERROR = "error"  # the row cannot be imported; nothing is written until it is fixed
    REVIEW = "review"  # the row is matched to an existing record by name and phone: check it


@dataclass(frozen=True)
class Problem:
    level: str
    row: int
    column: str
    message: str

    @property
    def level_label(self) -> str:
        return (
            pgettext("import", "Error")
            if self.level == Level.ERROR
            else pgettext("import", "Check")
        )


class ProblemLog:
    """Collects problems: counts all, keeps the first KEPT_IN_MEMORY, writes all to `path`."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.first: list[Problem] = []
        self.first_reviews: list[Problem] = []
        self.error_count = 0
        self.review_count = 0
        self.error_rows = 0
        self._last_error_row = -1
        self._file = path.open("w", encoding="utf-8", newline="") if path else None
        self._writer = csv.writer(self._file) if self._file else None

    def add(self, problem: Problem) -> None:
        if problem.level == Level.ERROR:
            self.error_count += 1
            if problem.row != self._last_error_row:
                self.error_rows += 1
                self._last_error_row = problem.row
            if len(self.first) < KEPT_IN_MEMORY:
                self.first.append(problem)
        else:
            self.review_count += 1
            if len(self.first_reviews) < KEPT_IN_MEMORY:
                self.first_reviews.append(problem)
        if self._writer:
            self._writer.writerow([problem.level, problem.row, problem.column, problem.message])

    def close(self) -> None:
        if self._file:
            self._file.close()
            self._file = None


def read_problems(path: Path) -> Iterator[Problem]:
    """Every problem of a run, in file order, streamed back from disk."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as f:
        for level, row, column, message in csv.reader(f):
            yield Problem(level, int(row), column, message)
