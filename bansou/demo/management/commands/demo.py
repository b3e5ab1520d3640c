"""`bansou demo`: load the demo chambers (once), and print the demo logins."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from bansou.demo import services


class Command(BaseCommand):
    help = "Load the demo chambers (川口商工会議所 and a second chamber) and print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Remove and reload the demo data.")
        parser.add_argument(
            "--businesses", type=int, default=15_000, help="Businesses of 川口 (default 15,000)."
        )

        parser.add_argument(
            "--today",
            help="Load the records up to this day (YYYY-MM-DD) instead of today (for tests).",
        )
        parser.add_argument(
            "--records-per-year",
            type=int,
            default=3000,
            help="Support records of 川口 per fiscal year (default 3,000).",
        )

    def handle(self, *args, reset: bool, businesses: int, **options):
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date written YYYY-MM-DD.") from None
            if today < date(2023, 4, 1):
                raise CommandError("--today must be 2023-04-01 or later (the demo starts then).")
        if reset and services.demo_exists():
            services.remove_demo()
        if services.demo_exists():
            self.stdout.write("Demo data already loaded (use --reset to reload).")
        else:
            services.load_demo(
                businesses=businesses,
                today=today,
                records_per_year=options.get("records_per_year") or 3000,
            )
            self.stdout.write(
                self.style.SUCCESS(f"Loaded the demo chambers ({businesses:,} businesses).")
            )
        self.stdout.write(f"\nDemo logins (password for all: {services.DEMO_PASSWORD}):")
        for account in services.LOGINS:
            self.stdout.write(f"  {account.username:<22} {account.role.label}")
        self.stdout.write("\nOpen http://127.0.0.1:8000/\n")
