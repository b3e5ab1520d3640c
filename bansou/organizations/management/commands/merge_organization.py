"""bansou merge_organization --from SLUG --into SLUG --merged-on DATE [--dry-run] [--review F]."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import translation
from django.utils.translation import gettext as _

from bansou.accounts.models import User
from bansou.core.errors import DomainError
from bansou.lib.eras import parse_date
from bansou.organizations import merge


class Command(BaseCommand):
    help = "Merge one organization into another (dry run first; one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="the merged slug")
        parser.add_argument("--into", dest="target", required=True, help="the surviving slug")
        parser.add_argument(
            "--merged-on", required=True, help="first day of the merger, e.g. 2025-04-01 or R7.4.1"
        )
        parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
        parser.add_argument("--review", type=Path, help="the answered list of name candidates")
        parser.add_argument(
            "--write-review", type=Path, help="write the name candidates to confirm (CSV)"
        )
        parser.add_argument(
            "--users", choices=[merge.USERS_MOVE, merge.USERS_RETIRE], default=merge.USERS_MOVE
        )
        parser.add_argument("--user", help="username of the operator (recorded in the audit log)")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                return self._handle(options)
            except DomainError as error:
                raise CommandError(str(error)) from None

    def _handle(self, options):
        source, target = merge.load_pair(options["source"], options["target"])
        try:
            merged_on = parse_date(options["merged_on"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        review = options["review"].read_bytes() if options["review"] else None
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"], organization=target).first()
            if actor is None:
                raise CommandError(
                    _("There is no user %(name)s in %(org)s.")
                    % {"name": options["user"], "org": target.name}
                )
        report = merge.plan_merge(
            source, target, merged_on=merged_on, review=review, users=options["users"]
        )
        if options["write_review"]:
            options["write_review"].write_bytes(merge.review_file(report.candidates))
        for line in report.lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        try:
            merge.merge_organizations(
                source,
                target,
                merged_on=merged_on,
                actor=actor,
                review=review,
                users=options["users"],
            )
        except IntegrityError as error:
            raise CommandError(
                _("The merge was refused and nothing was written: %(error)s") % {"error": error}
            ) from None
        self.stdout.write(_("Merged %(source)s into %(target)s.") % {
            "source": source.name, "target": target.name})  # fmt: skip
