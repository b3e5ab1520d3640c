"""`bansou permissions_table [--output docs/permissions.md]`: render the permissions table."""

from pathlib import Path

from django.core.management.base import BaseCommand

from bansou.core.permissions_doc import render


class Command(BaseCommand):
    help = "Render the permissions table (roles × capabilities, and the URLs each guards)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args, output=None, **options):
        text = render()
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
