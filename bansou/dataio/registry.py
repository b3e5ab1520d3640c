"""Import kinds: what a file may bring in, column by column, and how a row finds its record.

An app adds a kind from its AppConfig.ready() (the evaluation app registers "plan_actuals" and
"plan_definitions" this way; events registers "event_participants"):

    from bansou.dataio.registry import Column, ImportKind, register_import_kind

    class PlanActualsImport(ImportKind):
        code = "plan_actuals"                      # stable; used in URLs and `bansou import`
        label = _("Plan actuals")
        description = _("Manual actuals per plan item and fiscal year.")
        columns = (
            Column("item", _("plan item"), aliases=("事業項目",), required=True),
            Column("fiscal_year", _("fiscal year"), clean=cleaners.fiscal_year, required=True),
            Column("actual", _("actual"), clean=cleaners.integer),
        )

        def prepare(self, rows, run):              # optional: a batch's work without queries
            ...
        def resolve(self, rows, run):              # a batch: look things up, decide the action
            ...                                    # row.error(field, message) refuses a row
        def write(self, rows, run):                # the same batch, inside the transaction
            ...

    register_import_kind(PlanActualsImport())

The engine (engine.py) reads the file, cleans each mapped cell with its Column, and hands the
rows to `prepare` and `resolve` in batches (no writes: this is the dry run); committing runs
the same pass inside one transaction, with `write` after each batch, and rolls it all back
if any row of the file has an error.

What a kind sees of a row (engine.Row): `row.number` (the spreadsheet's row number),
`row.values` ({field: cleaned value}; an unmapped or empty cell holds the Column's `empty`),
`row.error(field, message)` / `row.review(field, message)` (a Japanese message; an error
refuses the whole file, a review asks the user to confirm), `row.action` (Action.CREATE,
UPDATE or UNCHANGED, counted by the dry run), `row.target` and `row.extra` for the kind's own
use between `resolve` and `write`. `run` (engine.ImportRun) carries the organisation, the
acting user (`run.actor`, may be None from the command line), `run.cache` (a dict that lives
for one pass) and `run.is_mapped(field)`. Look things up per batch, never per row; keep
state in run.cache bounded. `available()` hides a kind until its app's models exist;
`order` places it in the lists (businesses 10 … event participants 40).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from . import cleaners

if TYPE_CHECKING:
    from .engine import ImportRun, Row


@dataclass(frozen=True)
class Column:
    """One field a file may carry: its label, the headers that name it, and its cleaner."""

    field: str
    label: str | Promise
    aliases: tuple[str, ...] = ()
    required: bool = False
    # Turns a non-empty cell (text from CSV; text, number, date or bool from xlsx) into the
    # stored value, or raises cleaners.CellError with a Japanese message.
    clean: Callable[[Any], Any] = cleaners.text
    # The value of an empty cell (and of a field the file does not carry).
    empty: Any = None
    help_text: str | Promise = ""
    # Shows a cleaned value in the preview as it will be stored.
    display: Callable[[Any], str] = cleaners.display


class Action:
    """What committing a row will do; the dry run counts each."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


class ImportKind:
    """Base class: subclasses declare `columns` and implement `resolve` and `write`."""

    code: str = ""
    label: str | Promise = ""
    description: str | Promise = ""
    columns: tuple[Column, ...] = ()
    # Where the imported records are listed (a URL name without arguments), if anywhere.
    list_url_name: str | None = None
    # Position in the lists of kinds (businesses 10, support records 20, financial statements
    # 30, event participants 40; the evaluation's plan kinds fit after them).
    order: int = 100
    # Headers of bansou's own export of these records that the import deliberately does not
    # read, because they are derived (年度 from the date, 小規模事業者 from industry and
    # employees) or set by bansou (入力日時): a re-imported export maps every other column.
    export_only: tuple[str | Promise, ...] = ()
    # What the kind needs besides the file, as `bansou import` options ({name: help}); the
    # values reach the kind as run.options, checked first by check_options().
    options: dict[str, str] = {}

    def option_fields(self, organization) -> dict | None:
        """The options as Django form fields ({name: field}) for the data page's upload form,
        or None when the kind is for `bansou import` only. The cleaned values (text) reach the
        kind as run.options, as the command's do, after check_options()."""
        return None

    def on_the_web(self) -> bool:
        """Whether the data page offers the kind: no options, or options it can ask for."""
        return not self.options or type(self).option_fields is not ImportKind.option_fields

    def check_options(self, organization, options: dict) -> list[str]:
        """Japanese messages for missing or wrong options (nothing is read while any)."""
        return []

    def available(self) -> bool:
        """False while the app that owns the records is not installed yet."""
        return True

    def column(self, field_name: str) -> Column:
        for column in self.columns:
            if column.field == field_name:
                return column
        raise KeyError(field_name)

    def begin(self, run: ImportRun) -> None:
        """Load what does not depend on the rows (staff, districts) into run.cache."""

    def validate_mapping(self, mapped: set[str]) -> list[str]:
        """Messages for a mapping that cannot work (besides missing required columns)."""
        return []

    def prepare(self, rows: list[Row], run: ImportRun) -> None:
        """Work on a batch of cleaned rows that needs no database (derived values, rules
        between a row's own cells), before `resolve`. It runs where the file is read, which
        for a large file is a second process (readahead.py): it must not query, and what it
        stores on a row (values, extra, errors) must pickle; run.cache is as begin() left it."""

    def shipped(self, row: Row) -> tuple[dict, dict]:
        """What of a prepared row crosses to the process that resolves and writes it, when
        the file is read in a second process (run.read_ahead): (values, extra), by default
        all of both. A kind whose prepare did part of resolve's work may send only what its
        resolve and write still read; it must pickle."""
        return row.values, row.extra

    def resolve(self, rows: list[Row], run: ImportRun) -> None:
        """Look up references for a batch of cleaned rows and set row.action (no writes)."""
        for row in rows:
            row.action = Action.CREATE

    def write(self, rows: list[Row], run: ImportRun) -> None:
        """Store a batch of valid, resolved rows; runs inside the import's transaction."""
        raise NotImplementedError

    def conclude(self, run: ImportRun) -> list[tuple[int, str, str]]:
        """After the last batch of every pass (dry run and commit), before anything is final.

        For rules over the whole file (a plan definition is valid only as a whole): return
        (row number, field, Japanese message) for each problem; any problem refuses the file.
        Runs before `finish`, inside the transaction when committing.
        """
        return []

    def finish(self, run: ImportRun) -> None:
        """After the last batch is written, still inside the transaction."""


_KINDS: dict[str, ImportKind] = {}


def register_import_kind(kind: ImportKind) -> None:
    """Make a kind available to the import screens and `bansou import` (call from ready())."""
    if not kind.code:
        raise ValueError("an import kind needs a code")
    if kind.code in _KINDS and type(_KINDS[kind.code]) is not type(kind):
        raise ValueError(f"import kind {kind.code!r} is registered twice")
    _KINDS[kind.code] = kind


def get_import_kind(code: str) -> ImportKind | None:
    kind = _KINDS.get(code)
    return kind if kind is not None and kind.available() else None


def import_kinds(*, on_the_web: bool = False) -> list[ImportKind]:
    """The kinds one can import; `on_the_web` leaves out those that need `bansou import` options
    without declaring them as form fields (ImportKind.option_fields)."""
    kinds = [
        kind
        for kind in _KINDS.values()
        if kind.available() and (not on_the_web or kind.on_the_web())
    ]
    return sorted(kinds, key=lambda kind: (kind.order, kind.code))


@dataclass
class ExportKind:
    """A whole list as a file for `bansou export` and the data page.

    `queryset(user=None, organization=None)` returns what the user (or, from the command line,
    the whole chamber) may see; `exporter` is a bansou.core.exports.Exporter subclass.
    """

    code: str
    label: str | Promise
    exporter: type
    queryset: Callable[..., Iterable]
    available: Callable[[], bool] = field(default=lambda: True)
    order: int = 100
    # What a user needs besides RECORDS_EXPORT to download it (core/permissions.py): the
    # plan's actuals and the events are chamber-wide figures an expert may not see.
    capability: str = "records_export"

    def allowed(self, user) -> bool:
        return user.has_capability("records_export") and user.has_capability(self.capability)


def scoped_queryset(model) -> Callable[..., Iterable]:
    """ExportKind.queryset for a tenant model with objects.for_user(user): what the user may
    see, or (from the command line) the whole chamber."""

    def queryset(*, user=None, organization=None):
        if user is not None:
            return model.objects.for_user(user)
        return model.objects.filter(organization=organization)

    return queryset


_EXPORTS: dict[str, ExportKind] = {}


def register_export_kind(kind: ExportKind) -> None:
    if kind.code in _EXPORTS and _EXPORTS[kind.code].exporter != kind.exporter:
        raise ValueError(f"export kind {kind.code!r} is registered twice")
    _EXPORTS[kind.code] = kind


def get_export_kind(code: str) -> ExportKind | None:
    kind = _EXPORTS.get(code)
    return kind if kind is not None and kind.available() else None


def export_kinds() -> list[ExportKind]:
    kinds = [kind for kind in _EXPORTS.values() if kind.available()]
    return sorted(kinds, key=lambda kind: (kind.order, kind.code))
