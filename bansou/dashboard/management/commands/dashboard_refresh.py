"""bansou dashboard_refresh [--org SLUG] [--fiscal-year YEAR]: recompute the dashboard's figures.

For cron after the night's imports, or after a bulk change that bypassed the ORM's signals:
each chamber's figures of the fiscal year (default: the current one) as of today are computed
from the evaluation engine and stored, so the lead advisor's first open of the day is instant.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bansou.core.errors import DomainError
from bansou.evaluation.engine import get_plan
from bansou.lib.eras import JapaneseDateError, fiscal_year, fiscal_year_bounds, parse_fiscal_year
from bansou.organizations.models import Organization

from ...snapshots import refresh


class Command(BaseCommand):
    help = "Recompute the lead advisor's dashboard figures from the evaluation engine."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="The organization's slug (default: every chamber).")
        parser.add_argument("--fiscal-year", help="2024, 令和6年度 or R6 (default: the current).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        try:
            year = (
                parse_fiscal_year(options["fiscal_year"])
                if options["fiscal_year"]
                else fiscal_year(today)
            )
        except JapaneseDateError as exc:
            raise CommandError(str(exc)) from exc
        organizations = Organization.objects.order_by("slug")
        if options["org"]:
            organizations = organizations.filter(slug=options["org"])
            if not organizations.exists():
                raise CommandError(f"No organization with the slug {options['org']!r}.")
        as_of = min(today, fiscal_year_bounds(year)[1])
        for organization in organizations:
            try:
                plan = get_plan(organization, year)
            except DomainError:
                continue  # a chamber without a plan for the year has no dashboard figures
            refresh(plan, year, as_of)
            self.stdout.write(f"{organization.slug} {year} {as_of:%Y-%m-%d}")
