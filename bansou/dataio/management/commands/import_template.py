"""bansou import_template KIND [--output FILE]: a kind's template (ひな形) as xlsx."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bansou.dataio.history import template_xlsx
from bansou.dataio.registry import get_import_kind, import_kinds


class Command(BaseCommand):
    help = "Write an import kind's template: its Japanese headers and an example row (xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="one of: " + ", ".join(k.code for k in import_kinds()))
        parser.add_argument("--output", type=Path, help="the file (default: KIND-template.xlsx)")

    def handle(self, *args, **options):
        kind = get_import_kind(options["kind"])
        if kind is None:
            codes = ", ".join(k.code for k in import_kinds())
            raise CommandError(f"unknown kind {options['kind']!r}; choose one of: {codes}")
        path = options["output"] or Path(f"{kind.code.replace('_', '-')}-template.xlsx")
        path.write_bytes(template_xlsx(kind))
        self.stdout.write(f"template written to {path}")
