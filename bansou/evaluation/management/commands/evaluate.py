"""bansou evaluate --org <slug> --fiscal-year <year> --format json|xlsx|html|pdf [--output FILE]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from bansou.core.errors import DomainError
from bansou.lib.eras import JapaneseDateError, parse_fiscal_year
from bansou.organizations.models import Organization

from ...engine import evaluate, get_plan
from ...publication import published_report
from ...rendering import FORMATS, render


class Command(BaseCommand):
    help = "Evaluate a chamber's development plan for a fiscal year (DOMAIN §2)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="The organization's slug.")
        parser.add_argument(
            "--fiscal-year", required=True, help="2024, 令和6年度 or R6 (the year April starts in)."
        )
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--plan", help="The plan's code, when several plans cover the fiscal year."
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="xlsx/pdf: the live table marked as a draft, even when the year's committee "
            "meeting has closed (by default its confirmed report is written).",
        )

    def handle(self, *args, **options):
        translation.activate("ja")
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"no organization with the slug {options['org']!r}")
        fiscal_year = self._fiscal_year(options["fiscal_year"])
        try:
            if options["plan"]:
                plan = organization.developmentplan_set.filter(code=options["plan"]).first()
                if plan is None:
                    raise CommandError(f"no plan with the code {options['plan']!r}")
            else:
                plan = get_plan(organization, fiscal_year)
            content = render(self._source(plan, fiscal_year, options), options["format"])
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"wrote {options['output']} ({len(content):,} bytes)")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()

    def _source(self, plan, fiscal_year: int, options):
        """The report's files of a year whose meeting has closed are its confirmed report (the
        snapshot the public page shows), not a draft recomputed from today's records."""
        if options["format"] in ("xlsx", "pdf") and not options["draft"]:
            published = published_report(plan, fiscal_year)
            if published is not None:
                self.stderr.write("the committee's confirmed report (closed meeting)")
                return published
        return evaluate(plan, fiscal_year)

    @staticmethod
    def _fiscal_year(text: str) -> int:
        if text.strip().isdigit():
            return int(text)
        try:
            return parse_fiscal_year(text)
        except JapaneseDateError as exc:
            raise CommandError(str(exc)) from None
