"""Helpers for the history import tests of each app: template, export and import of a kind."""

from django.utils import translation

from bansou.dataio.history import template_xlsx
from bansou.dataio.registry import get_export_kind, get_import_kind
from bansou.dataio.services import import_file


def run(code, path, chamber, actor=None, **options):
    return import_file(get_import_kind(code), path, organization=chamber, actor=actor, **options)


def template(code, tmp_path):
    path = tmp_path / f"{code}-template.xlsx"
    path.write_bytes(template_xlsx(get_import_kind(code)))
    return path


def exported(code, chamber, write_file, name=None):
    """The chamber's records of the kind as the data page downloads them (xlsx, Japanese)."""
    export_kind = get_export_kind(code)
    with translation.override("ja"):
        exporter = export_kind.exporter(export_kind.queryset(organization=chamber))
        table = [exporter.header(), *exporter.rows()]
    return write_file(table, name=name or f"{code}-export.xlsx")


def problems(result):
    return [(p.row, p.column, p.message) for p in result.problems.first]
