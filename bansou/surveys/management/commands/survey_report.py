"""bansou survey_report --org SLUG --survey CODE --period PERIOD --format json|xlsx|pdf

The DI table of one round: JSON (survey, period, respondents, items with positive, neutral,
negative, valid, di and by_industry), an xlsx workbook, or the economic report's PDF.
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from bansou.core.errors import DomainError
from bansou.dataio.management.commands._common import organization_from
from bansou.surveys import exports, pdf, report
from bansou.surveys.models import Survey
from bansou.surveys.services import round_for


class Command(BaseCommand):
    help = "The DI report of one survey round as JSON, xlsx or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="the chamber's slug")
        parser.add_argument("--survey", required=True, help="the survey's code (sme, lobo …)")
        parser.add_argument("--period", required=True, help="2024-05 or 2024Q2")
        parser.add_argument("--format", choices=("json", "xlsx", "pdf"), default="json")
        parser.add_argument("--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            organization = organization_from(options["org"])
            survey = Survey.objects.filter(
                organization=organization, code=options["survey"]
            ).first()
            if survey is None:
                raise CommandError(f"no survey {options['survey']!r} in {organization.slug}")
            try:
                round_ = round_for(survey, options["period"])
            except DomainError as exc:
                raise CommandError(exc.message) from None
            if round_ is None:
                raise CommandError(f"{survey.code} has no round for {options['period']}")
            fmt = options["format"]
            if fmt == "json":
                data = (exports.as_json(report.build(round_, comments=False)) + "\n").encode()
            elif fmt == "xlsx":
                data = exports.as_xlsx(report.build(round_, comments=False))
            else:
                data = pdf.render_pdf(round_, public=False)
        output = options["output"]
        if output:
            output.write_bytes(data)
            self.stdout.write(f"written {output}")
        elif fmt == "json":
            self.stdout.write(data.decode(), ending="")
        else:
            sys.stdout.buffer.write(data)
