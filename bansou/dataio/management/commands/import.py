"""bansou import <kind> FILE [--org SLUG] [--dry-run]: the web import, for scripted migrations.

Every row is checked; the problems are printed as tab-separated (row, column, message) lines
and the command exits with status 1 having written nothing. Without --dry-run the rows are
checked and written in one pass inside one transaction, which is rolled back at the first
problem (the remaining rows are still checked and listed); a file without problems is
committed and recorded as an import job.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from bansou.dataio.mapping import auto_mapping
from bansou.dataio.problems import Level, read_problems
from bansou.dataio.reading import FileProblem, inspect_file, open_table
from bansou.dataio.registry import get_import_kind, import_kinds
from bansou.dataio.services import import_file
from bansou.lib.terminal_progress import TerminalProgress

from ._common import organization_from, user_from


class Command(BaseCommand):
    help = "Import businesses, support records, … from a CSV or xlsx file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="one of: " + ", ".join(k.code for k in import_kinds()))
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", help="the chamber's slug (needed when there are several)")
        parser.add_argument("--user", help="username recorded as the importer and default staff")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--accept-matches",
            action="store_true",
            help="update businesses matched only by name and phone",
        )
        parser.add_argument(
            "--create-missing-businesses",
            action="store_true",
            help="create the businesses a history file names that the register lacks",
        )
        # Options some kinds need besides the file (ImportKind.options).
        parser.add_argument("--survey", help="survey_responses: the survey's code (sme, lobo …)")
        parser.add_argument("--period", help="survey_responses: 2024-05 (month) or 2024Q2")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FIELD=HEADER",
            help="map a field to a column by header text or letter (repeatable)",
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            return self._handle(options)

    def _handle(self, options):
        kind = get_import_kind(options["kind"])
        if kind is None:
            codes = ", ".join(k.code for k in import_kinds())
            raise CommandError(f"unknown kind {options['kind']!r}; choose one of: {codes}")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        organization = organization_from(options["org"])
        actor = user_from(options["user"], organization)
        kind_options = {name: options.get(name) for name in kind.options}
        if problems := kind.check_options(organization, kind_options):
            raise CommandError("\n".join(problems) + "\nnothing was written")
        mapping = self._mapping(kind, path, options["column"])
        folder = Path(settings.VAR_DIR) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        # A progress line on a terminal only: piped or logged output stays as it was.
        progress = TerminalProgress(self.stdout)
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            problems_path = Path(tmp) / "problems.csv"
            try:
                result, job = import_file(
                    kind,
                    path,
                    organization=organization,
                    actor=actor,
                    dry_run=options["dry_run"],
                    accept_reviews=options["accept_matches"],
                    mapping=mapping,
                    problems_path=problems_path,
                    create_missing_businesses=options["create_missing_businesses"],
                    progress=progress,
                    options=kind_options,
                )
            finally:
                progress.finish()
            self._print_problems(result, problems_path)
        self._print_missing(result, options["create_missing_businesses"])
        counts = result.counts
        summary = (
            f"{result.total_rows} rows: {counts.get('create', 0)} new, "
            f"{counts.get('update', 0)} updated, {counts.get('unchanged', 0)} unchanged"
        )
        if result.error_count:
            raise CommandError(f"{result.error_count} problems; nothing was written ({summary})")
        if result.review_count and not options["accept_matches"] and not options["dry_run"]:
            raise CommandError(
                f"{result.review_count} rows matched by name and phone: check them, then run "
                "again with --accept-matches; nothing was written"
            )
        if options["dry_run"]:
            self.stdout.write(f"dry run, nothing written: {summary}")
        else:
            self.stdout.write(self.style.SUCCESS(f"imported (job {job.pk}): {summary}"))

    def _mapping(self, kind, path: Path, overrides: list[str]) -> dict | None:
        if not overrides:
            return None
        try:
            with open_table(path, inspect_file(path)) as table:
                header = table.header
        except FileProblem as exc:
            raise CommandError(exc.message) from None
        mapping = auto_mapping(kind, header)
        for item in overrides:
            field_name, _sep, column = item.partition("=")
            if field_name not in mapping:
                raise CommandError(f"unknown field {field_name!r} for {kind.code}")
            mapping[field_name] = _column_index(column, header)
        return mapping

    def _print_missing(self, result, creating: bool) -> None:
        if not result.missing_businesses:
            return
        names = ", ".join(f"{name} (row {row})" for name, row in result.missing_businesses)
        if creating:
            self.stdout.write(f"businesses created with the import: {names}")
        else:
            self.stdout.write(
                f"businesses not in the register: {names}; register them, or run again with "
                "--create-missing-businesses"
            )

    def _print_problems(self, result, problems_path: Path) -> None:
        if result.file_problem and not problems_path.exists():
            self.stdout.write(f"0\t\t{result.file_problem}")
            return
        for problem in read_problems(problems_path):
            label = "" if problem.level == Level.ERROR else "[check] "
            self.stdout.write(f"{problem.row}\t{problem.column}\t{label}{problem.message}")


def _column_index(column: str, header: list[str]) -> int | None:
    if column == "":
        return None
    if column in header:
        return header.index(column)
    letters = column.upper()
    if letters.isalpha() and len(letters) <= 3:
        index = 0
        for letter in letters:
            index = index * 26 + (ord(letter) - 64)
        return index - 1
    raise CommandError(f"no column {column!r} in the header: {header}")
