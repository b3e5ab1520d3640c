"""bansou dashboard_recount [--org SLUG] [--check]: rebuild the dashboard's counts from records.

The counts are kept on every write (dashboard.counts); this rebuilds them in full — for cron
after a change that bypassed the application (raw SQL, a business's membership edited, a
district renamed) — or, with --check, recounts without keeping the result and reports every
difference (exit status 1 when the kept counts drifted).
"""

from django.core.management.base import BaseCommand, CommandError

from bansou.organizations.models import Organization

from ... import counts


class Command(BaseCommand):
    help = "Rebuild the dashboard's kept counts from the records (--check: report drift only)."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="The organization's slug (default: every chamber).")
        parser.add_argument(
            "--check", action="store_true", help="Report differences, change nothing."
        )

    def handle(self, *args, **options):
        organizations = Organization.objects.order_by("slug")
        if options["org"]:
            organizations = organizations.filter(slug=options["org"])
            if not organizations.exists():
                raise CommandError(f"No organization with the slug {options['org']!r}.")
        drifted = False
        for organization in organizations:
            if options["check"]:
                problems = counts.drift(organization.pk)
                drifted = drifted or bool(problems)
                for problem in problems:
                    self.stdout.write(f"{organization.slug}: {problem}")
                self.stdout.write(f"{organization.slug}: {'drift' if problems else 'ok'}")
            else:
                counts.prepare(organization.pk)
                self.stdout.write(f"{organization.slug}: rebuilt")
        if drifted:
            raise CommandError("The kept counts differ from a recount.", returncode=1)
