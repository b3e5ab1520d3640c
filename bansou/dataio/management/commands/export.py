"""bansou export <kind> --org SLUG --format csv|xlsx [--output FILE]: a whole list as a file.

The same exporters as the lists' download links (Japanese headers, 和暦 or Western dates,
formula-injection guard); CSV is UTF-8 with a BOM unless --encoding cp932.
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from bansou.audit.export_log import log_export
from bansou.core.exports import CsvEncoding, DateStyle, FileFormat, counted
from bansou.dataio.registry import export_kinds, get_export_kind
from bansou.lib.tabular import iter_csv, render_xlsx

from ._common import organization_from


class Command(BaseCommand):
    help = "Export a list (businesses, support records, …) of one chamber as CSV or xlsx."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="one of: " + ", ".join(k.code for k in export_kinds()))
        parser.add_argument("--org", help="the chamber's slug (needed when there are several)")
        parser.add_argument("--format", choices=[f.value for f in FileFormat], default="xlsx")
        parser.add_argument("--output", type=Path, help="the file to write (default: stdout)")
        parser.add_argument("--dates", choices=[d.value for d in DateStyle], default="wareki")
        parser.add_argument("--encoding", choices=[e.value for e in CsvEncoding], default="utf-8")

    def handle(self, *args, **options):
        kind = get_export_kind(options["kind"])
        if kind is None:
            codes = ", ".join(k.code for k in export_kinds())
            raise CommandError(f"unknown kind {options['kind']!r}; choose one of: {codes}")
        organization = organization_from(options["org"])
        with translation.override(settings.LANGUAGE_CODE):
            queryset = kind.queryset(organization=organization)
            exporter = kind.exporter(queryset, date_style=DateStyle(options["dates"]))

            def finish(rows: int) -> None:
                # A list of personal data leaving the product: logged as from the command line.
                filters = {"kind": kind.code, "org": organization.slug}
                log_export(
                    None,
                    organization_id=organization.pk,
                    what=str(exporter.sheet_title()),
                    source=queryset,
                    file_format=options["format"],
                    rows=rows,
                    filters=filters,
                )

            rows = counted(exporter.rows(), finish)
            if options["format"] == FileFormat.XLSX:
                chunks = [render_xlsx(exporter.header(), rows, sheet_title=exporter.sheet_title())]
            else:
                encoding = "utf-8-sig" if options["encoding"] == CsvEncoding.UTF8 else "cp932"
                chunks = iter_csv(exporter.header(), rows, encoding=encoding)
            output = options["output"]
            if output:
                with output.open("wb") as f:
                    for chunk in chunks:
                        f.write(chunk)
                self.stderr.write(str(output))
            else:
                for chunk in chunks:
                    sys.stdout.buffer.write(chunk)
                sys.stdout.buffer.flush()
