"""The import engine: stream a file, clean each row, resolve it in batches, write all or nothing.

One pass is a dry run: every row is cleaned and resolved (references looked up, the action
decided) and every problem is logged with its row number and column; nothing is written.
Committing runs the same pass inside one transaction and writes each batch once resolved; a
single problem anywhere rolls the whole transaction back (the issue: "nothing is written
until every row is valid"). Only one batch of rows is held at a time, so memory does not
grow with the file. A large file is read, cleaned and prepared (kind.prepare) in a second
process while this one looks the rows up and writes them (readahead.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from . import readahead
from .bulk import fewer_collections, large_write_cache
from .cleaners import CellError
from .mapping import missing_required
from .problems import Level, Problem, ProblemLog
from .reading import FileInfo, FileProblem, Table, column_letter, open_table
from .registry import Action, ImportKind

BATCH_SIZE = 2000
FIRST_BATCH_SIZE = 250  # when a second process reads the file (readahead.py)
PREVIEW_ROWS = 10
# Cleaned values remembered per column: bounded, so memory does not grow with the file.
MEMO_ENTRIES = 4096
MEMO_CELL_LENGTH = 32


class Row:
    """One data row of the file: cleaned values, problems, and what committing will do."""

    __slots__ = ("action", "errors", "extra", "match", "number", "reviews", "target", "values")

    def __init__(self, number: int, values: dict) -> None:
        self.number = number
        self.values = values
        self.errors: list[tuple[str, str]] = []
        self.reviews: list[tuple[str, str]] = []
        self.action: str | None = None
        self.target = None  # the existing record the row updates, if any
        self.match = ""  # how the row found its record, shown in the preview
        self.extra: dict = {}

    def error(self, field_name: str, message: str) -> None:
        self.errors.append((field_name, message))

    def review(self, field_name: str, message: str) -> None:
        self.reviews.append((field_name, message))

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRefused(Exception):
    """Raised inside the commit transaction so that it rolls back; carries the result."""

    def __init__(self, result: RunResult) -> None:
        super().__init__("import refused")
        self.result = result


@dataclass
class RunResult:
    total_rows: int = 0
    counts: Counter = field(default_factory=Counter)
    problems: ProblemLog | None = None
    file_problem: str = ""
    committed: bool = False
    # Businesses the file names that the register lacks: (name, first row) — created when
    # the run was asked to (create_missing_businesses), else each such row is an error.
    missing_businesses: list = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return (self.problems.error_count if self.problems else 0) + bool(self.file_problem)

    @property
    def review_count(self) -> int:
        return self.problems.review_count if self.problems else 0


class ImportRun:
    """The state one pass shares with the kind: organisation, actor, lookups, counts."""

    def __init__(
        self,
        kind: ImportKind,
        *,
        organization,
        actor,
        header: list[str],
        mapping: dict[str, int | None],
        committing: bool = False,
        job=None,
        create_missing_businesses: bool = False,
        options: dict | None = None,
    ) -> None:
        self.kind = kind
        self.organization = organization
        self.actor = actor if getattr(actor, "pk", None) else None
        self.header = header
        self.mapping = mapping
        self.committing = committing
        self.job = job
        self.cache: dict = {}
        self.counts: Counter = Counter()
        # The file's rows as estimated after each batch (None: unknown); writers of large
        # imports choose their method by it (bulk.DeferredIndexes).
        self.expected_rows: int | None = None
        # Whether the file is read, cleaned and prepared in a second process (readahead.py);
        # set before begin(), which may load there what prepare will need.
        self.read_ahead = False
        # Rows naming a business the register lacks create it (history kinds), once the
        # user has seen the list and agreed.
        self.create_missing_businesses = create_missing_businesses
        # What a kind asks besides the file (`bansou import survey_responses … --survey CODE
        # --period PERIOD`): {name: text}; see ImportKind.options.
        self.options = dict(options or {})

    def is_mapped(self, field_name: str) -> bool:
        return self.mapping.get(field_name) is not None

    def column_name(self, field_name: str) -> str:
        """How the user finds the cell: the file's own header and the column letter."""
        index = self.mapping.get(field_name)
        if index is not None:
            title = self.header[index] if index < len(self.header) else ""
            letter = column_letter(index)
            return f"{title} ({letter})" if title else letter
        try:
            return str(self.kind.column(field_name).label)
        except KeyError:
            return ""


# The outcome of cleaning a cell: (True, value), (False, message), or _BLANK for an empty one.
_BLANK = (None, None)


def _is_blank_row(cells: list) -> bool:
    """Blank lines and Excel's formatted-but-empty rows are not data."""
    for cell in cells:
        if cell is None or cell == "" or (cell.__class__ is str and cell.isspace()):
            continue
        return False
    return True


def _outcome(raw, clean) -> tuple:
    if raw.__class__ is str and (raw == "" or raw.isspace()):
        return _BLANK
    try:
        return (True, clean(raw))
    except CellError as exc:
        return (False, exc.message)


def _clean_rows(table: Table, kind: ImportKind, mapping: dict) -> Iterator[Row]:
    bound = []
    defaults = {}
    for column in kind.columns:
        index = mapping.get(column.field)
        if index is None:
            defaults[column.field] = column.empty
        else:
            bound.append((column.field, index, column.clean, column.required, column.empty, {}))
    required_message = _("This column must be filled in.")
    for number, cells in table.rows:
        if _is_blank_row(cells):
            continue
        width = len(cells)
        values = dict(defaults)
        row = Row(number, values)
        for field_name, index, clean, required, empty, memo in bound:
            raw = cells[index] if index < width else None
            # Short cells (dates, codes, labels, numbers) repeat down a column: each distinct
            # one is cleaned once. True, 1 and 1.0 are equal keys, so the type is part of it.
            if raw is None:
                outcome = _BLANK
            else:
                key = raw if raw.__class__ is str else (raw.__class__, raw)
                outcome = memo.get(key)
                if outcome is None:
                    outcome = _outcome(raw, clean)
                    if len(memo) < MEMO_ENTRIES and (
                        raw.__class__ is not str or len(raw) <= MEMO_CELL_LENGTH
                    ):
                        memo[key] = outcome
            ok = outcome[0]
            if ok:
                values[field_name] = outcome[1]
            else:
                values[field_name] = empty
                if ok is False:
                    row.errors.append((field_name, outcome[1]))
                elif required:
                    row.errors.append((field_name, required_message))
        yield row


def _batches(rows: Iterator[Row], first: int | None = None) -> Iterator[list[Row]]:
    """Lists of BATCH_SIZE rows; the first of `first` rows when given."""
    batch: list[Row] = []
    size = min(first or BATCH_SIZE, BATCH_SIZE)
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
            size = BATCH_SIZE
    if batch:
        yield batch


def _clean(batch: list[Row]) -> list[Row]:
    # References are looked up only for rows whose cells are clean: a row already in error
    # would only add "business not found" noise to the real problem.
    return [row for row in batch if not row.errors]


def _prepare(kind: ImportKind, batch: list[Row], run: ImportRun) -> None:
    clean_rows = _clean(batch)
    if clean_rows:
        kind.prepare(clean_rows, run)


def _resolve(kind: ImportKind, batch: list[Row], run: ImportRun) -> None:
    clean_rows = _clean(batch)
    if clean_rows:
        kind.resolve(clean_rows, run)


def _read(
    table: Table, run: ImportRun, first: int | None = None
) -> Iterator[tuple[list[Row], int | None]]:
    """Batches of rows cleaned and prepared (no query yet), each with the file's rows as
    estimated at that point; this is what a second process may do (readahead.py)."""
    for batch in _batches(_clean_rows(table, run.kind, run.mapping), first):
        _prepare(run.kind, batch, run)
        yield batch, table.estimate_rows(batch[-1].number - table.header_row)


def _pack(item: tuple[list[Row], int | None], kind: ImportKind) -> tuple:
    """A batch as plain tuples for the pipe: what the kind ships of each row (all of it by
    default), its values without their keys (the few key layouts of a batch are sent once),
    which pickles in a third of the time."""
    batch, estimate = item
    layouts: dict[tuple, int] = {}
    rows = []
    for row in batch:
        values, extra = kind.shipped(row)
        rows.append(
            (
                row.number,
                layouts.setdefault(tuple(values), len(layouts)),
                tuple(values.values()),
                row.errors,
                extra,
            )
        )
    return list(layouts), rows, estimate


def _unpack(payload: tuple) -> tuple[list[Row], int | None]:
    layouts, rows, estimate = payload
    batch = []
    for number, layout, values, errors, extra in rows:
        row = Row(number, dict(zip(layouts[layout], values, strict=True)))
        row.errors = errors
        row.extra = extra
        batch.append(row)
    return batch, estimate


def _log(batch: list[Row], run: ImportRun, problems: ProblemLog) -> None:
    for row in batch:
        for field_name, message in row.errors:
            problems.add(Problem(Level.ERROR, row.number, run.column_name(field_name), message))
        for field_name, message in row.reviews:
            problems.add(Problem(Level.REVIEW, row.number, run.column_name(field_name), message))
        if not row.errors:
            run.counts[row.action or Action.CREATE] += 1


def mapping_problems(kind: ImportKind, mapping: dict) -> list[str]:
    messages = [
        _("Choose the column for 「%(label)s」: it is required.")
        % {"label": kind.column(name).label}
        for name in missing_required(kind, mapping)
    ]
    mapped = {name for name, index in mapping.items() if index is not None}
    return messages + kind.validate_mapping(mapped)


def _pass(
    run: ImportRun,
    table: Table,
    problems: ProblemLog,
    result: RunResult,
    *,
    write: bool,
    read_ahead: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> None:
    kind = run.kind
    run.read_ahead = read_ahead
    kind.begin(run)
    if read_ahead:
        # A short first batch: this side starts looking up and writing sooner.
        batches = readahead.items(
            lambda: _read(table, run, FIRST_BATCH_SIZE),
            encode=lambda item: _pack(item, kind),
            decode=_unpack,
        )
    else:
        batches = _read(table, run)
    for batch, estimate in batches:
        result.total_rows += len(batch)
        run.expected_rows = estimate
        _resolve(kind, batch, run)
        _log(batch, run, problems)
        if write and not problems.error_count:
            kind.write([row for row in batch if not row.errors], run)
        if progress is not None:
            # A background job's report; it may raise to stop (the transaction rolls back).
            progress(result.total_rows, estimate)
    for number, field_name, message in kind.conclude(run):
        problems.add(Problem(Level.ERROR, number, run.column_name(field_name), message))


def run_import(
    kind: ImportKind,
    path: Path,
    info: FileInfo,
    *,
    organization,
    actor,
    mapping: dict[str, int | None],
    commit: bool,
    problems_path: Path | None = None,
    accept_reviews: bool = False,
    job=None,
    before_commit: Callable[[RunResult, ImportRun], None] | None = None,
    create_missing_businesses: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    options: dict | None = None,
) -> RunResult:
    """One pass over the file; with commit=True it writes, all or nothing.

    `progress(rows_done, rows_estimated)` is called after each batch (a background job's
    progress bar); an exception it raises stops the pass and rolls the transaction back.

    `before_commit` runs inside the transaction after the last row is written (the job's
    status and audit entry are stored with the records or not at all).
    """
    problems = ProblemLog(problems_path)
    result = RunResult(problems=problems)
    try:
        with fewer_collections(), open_table(path, info) as table:
            run = ImportRun(
                kind,
                organization=organization,
                actor=actor,
                header=table.header,
                mapping=mapping,
                committing=commit,
                job=job,
                create_missing_businesses=create_missing_businesses,
                options=options,
            )
            for message in mapping_problems(kind, mapping):
                problems.add(Problem(Level.ERROR, table.header_row, "", message))
            if problems.error_count:
                return result
            read_ahead = readahead.worthwhile(path)
            if not commit:
                _pass(
                    run,
                    table,
                    problems,
                    result,
                    write=False,
                    read_ahead=read_ahead,
                    progress=progress,
                )
            else:
                try:
                    with transaction.atomic(), large_write_cache():
                        _pass(
                            run,
                            table,
                            problems,
                            result,
                            write=True,
                            read_ahead=read_ahead,
                            progress=progress,
                        )
                        if problems.error_count or (problems.review_count and not accept_reviews):
                            raise ImportRefused(result)
                        kind.finish(run)
                        result.counts = run.counts
                        result.committed = True
                        result.missing_businesses = _missing(run)
                        if before_commit:
                            before_commit(result, run)
                except ImportRefused:
                    result.committed = False
                    run.counts.clear()
            result.counts = run.counts
            result.missing_businesses = _missing(run)
    except (IntegrityError, DataError) as exc:
        # The rules in resolve() should have caught this; the transaction is rolled back
        # and the user sees the database's reason instead of a server error.
        _refuse(result, _("The database refused the data: %(error)s") % {"error": exc})
    except FileProblem as exc:
        _refuse(result, exc.message)
    finally:
        problems.close()
    return result


def _missing(run: ImportRun) -> list[tuple[str, int]]:
    return sorted(run.cache.get("missing", {}).items(), key=lambda item: item[1])


def _refuse(result: RunResult, message: str) -> None:
    result.file_problem = message
    result.committed = False
    result.counts = Counter()
    result.problems.add(Problem(Level.ERROR, 0, "", message))


def preview(
    kind: ImportKind,
    path: Path,
    info: FileInfo,
    *,
    organization,
    actor,
    mapping: dict[str, int | None],
    rows: int = PREVIEW_ROWS,
    create_missing_businesses: bool = False,
    options: dict | None = None,
) -> tuple[ImportRun, list[Row]]:
    """The first rows cleaned and resolved as they would be stored (nothing is written)."""
    with open_table(path, info) as table:
        run = ImportRun(
            kind,
            organization=organization,
            actor=actor,
            header=table.header,
            mapping=mapping,
            create_missing_businesses=create_missing_businesses,
            options=options,
        )
        kind.begin(run)
        first: list[Row] = []
        for row in _clean_rows(table, kind, mapping):
            first.append(row)
            if len(first) >= rows:
                break
        _prepare(kind, first, run)
        _resolve(kind, first, run)
    return run, first
