"""Opening figures (移行前の集計値): entered for years without records, chosen when both exist.

"Started recording" is judged per row and year: a year counts as recorded for a rule row as
soon as the organization holds one record of the row's kind in it (whatever the rule's
filters), so a chamber that imports its support records from FY2023 but its analyses only
from FY2024 can still enter the FY2023 analyses by hand.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.lib.eras import fiscal_year_label

from .engine.aggregates import records_of
from .engine.rules import parse_rule
from .engine.structure import check_fiscal_year
from .models import ItemSource, OpeningFigure, PlanItem

FIGURE_FIELDS = ("fiscal_year", "value", "source_file", "note")
CHOICE_FIELDS = ("stands",)


def has_records(item: PlanItem, fiscal_year: int) -> bool:
    """Whether the organization holds records of the row's kind in the fiscal year."""
    kind = parse_rule(item.rule).kind
    return records_of(kind, item.organization_id, fiscal_year).exists()


def _check(item: PlanItem, fiscal_year: int, value: Decimal, source_file: str) -> None:
    check_fiscal_year(item.plan, fiscal_year)
    if item.source != ItemSource.RULE:
        raise DomainError(
            _("%(title)s is not counted from records; enter its actual by hand instead.")
            % {"title": item.title},
            code="not_rule",
        )
    if value < 0:
        raise DomainError(_("An opening figure cannot be negative."), code="negative")
    if not source_file.strip():
        raise DomainError(_("Name the file the figure was taken from."), code="source_file")
    if has_records(item, fiscal_year):
        raise DomainError(
            _("%(year)s already has records, so an opening figure cannot be entered.")
            % {"year": fiscal_year_label(fiscal_year)},
            code="recorded",
        )


@transaction.atomic
def enter_opening_figure(
    item: PlanItem,
    *,
    fiscal_year: int,
    value: Decimal,
    source_file: str,
    note: str,
    actor,
    lock_version: int | None = None,
) -> OpeningFigure:
    """Enter or correct the row's opening figure for a year that has no records.

    `lock_version` is the version of the figure the user's page showed (core/versioning.py).
    """
    _check(item, fiscal_year, value, source_file)
    figure = OpeningFigure.objects.filter(item=item, fiscal_year=fiscal_year).first()
    created = figure is None
    if lock_version is not None and not created:
        figure.lock_version = lock_version
    if created:
        figure = OpeningFigure(
            organization_id=item.organization_id, item=item, fiscal_year=fiscal_year
        )
    before = {} if created else snapshot(figure, FIGURE_FIELDS)
    figure.value, figure.source_file, figure.note = value, source_file.strip(), note
    figure.entered_by = actor
    figure.save()
    changes = diff(figure, before, snapshot(figure, FIGURE_FIELDS))
    if changes:
        verb = "created" if created else "updated"
        log_action(figure, f"evaluation.opening_figure.{verb}", actor, changes)
    return figure


@transaction.atomic
def choose_figure(figure: OpeningFigure, *, stands: str, actor) -> OpeningFigure:
    """Record which figure stands for the year, once records exist next to the opening one."""
    if stands not in OpeningFigure.Stands.values:
        raise DomainError(_("Choose the opening figure or the figure from the records."))
    if not has_records(figure.item, figure.fiscal_year):
        raise DomainError(
            _("%(year)s has no records: the opening figure stands.")
            % {"year": fiscal_year_label(figure.fiscal_year)},
            code="no_records",
        )
    before = snapshot(figure, CHOICE_FIELDS)
    figure.stands, figure.decided_by, figure.decided_at = stands, actor, timezone.now()
    figure.save(update_fields=["stands", "decided_by", "decided_at"])
    changes = diff(figure, before, snapshot(figure, CHOICE_FIELDS))
    if changes:
        log_action(figure, "evaluation.opening_figure.chosen", actor, changes)
    return figure


@transaction.atomic
def delete_opening_figure(figure: OpeningFigure, *, actor) -> None:
    log_action(figure, "evaluation.opening_figure.deleted", actor,
               diff(figure, snapshot(figure, FIGURE_FIELDS), {}))  # fmt: skip
    figure.delete()
