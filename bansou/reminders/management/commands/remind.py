"""`bansou remind --org SLUG [--dry-run] [--today DATE]`: each user's daily digest by e-mail,
now. The worker sends it by itself every weekday morning (reminders.schedule); a user whose
digest of the day went out already is not sent a second one. `--dry-run` prints what each
user would receive and sends nothing."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bansou.organizations.models import Organization
from bansou.reminders.services import send_digests


class Command(BaseCommand):
    help = "Send each user of a chamber the daily digest of follow-ups and actions."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="The chamber's slug (default: every chamber).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what each user would receive."
        )
        parser.add_argument("--today", type=date.fromisoformat, help="The day (YYYY-MM-DD).")

    def handle(self, *args, org=None, dry_run=False, today=None, **options):
        organizations = Organization.objects.order_by("slug")
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"no organization with the slug {org!r}")
        today = today or timezone.localdate()
        sent = 0
        for organization in organizations:
            for delivery in send_digests(organization, today, dry_run=dry_run):
                sent += delivery.sent
                self.stdout.write(f"== {delivery.user.username} ({delivery.user}): {delivery.note}")
                if dry_run and delivery.body:
                    self.stdout.write(f"件名: {delivery.subject}")
                    self.stdout.write(delivery.body.rstrip() + "\n")
        if not dry_run:
            self.stdout.write(f"{sent} e-mail(s) sent")
