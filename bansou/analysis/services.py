"""Writing analyses and their financial periods; each operation writes its audit entry."""

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.lib.eras import format_wareki

from .models import MAX_PERIODS, AnalysisStatus, BusinessAnalysis, FinancialStatement
from .presentation import STATEMENT_FIELDS, period_label

AUDITED_FIELDS = tuple(
    field.name
    for field in BusinessAnalysis._meta.get_fields()
    if field.concrete
    and field.name not in {"id", "organization", "business", "district", "in_territory", "is_small"}
    and field.name not in {"created_at", "updated_at", "fiscal_year", "lock_version"}
)
STATEMENT_AUDITED = ("months", *STATEMENT_FIELDS)


def _statement_snapshot(statements: Iterable[FinancialStatement]) -> dict:
    """{"statement:2024-03-31:sales": {...}} — one key per period and figure, for the diff."""
    values = {}
    for statement in statements:
        prefix = f"statement:{statement.period_end.isoformat()}"
        for name in STATEMENT_AUDITED:
            values[f"{prefix}:{name}"] = getattr(statement, name)
    return values


def _statement_diff(before: dict, after: dict) -> dict:
    changes = {}
    for key in sorted({*before, *after}):
        if before.get(key) == after.get(key):
            continue
        _prefix, period_end, name = key.split(":")
        field = FinancialStatement._meta.get_field(name)
        period = period_label(date.fromisoformat(period_end))
        changes[key] = {
            "label": f"{period} {field.verbose_name}",
            "old": before.get(key),
            "new": after.get(key),
        }
    return changes


def _check_periods(statements: list[FinancialStatement]) -> None:
    if len(statements) > MAX_PERIODS:
        raise DomainError(
            _("Enter at most %(count)d periods (the latest ones).") % {"count": MAX_PERIODS},
            code="too_many_periods",
        )
    repeated = [end for end, n in Counter(s.period_end for s in statements).items() if n > 1]
    if repeated:
        raise DomainError(
            _("Two periods end on %(date)s; each period end may appear once.")
            % {"date": format_wareki(repeated[0])},
            code="duplicate_period",
        )


def _save_statements(
    analysis: BusinessAnalysis,
    changed: Iterable[FinancialStatement],
    deleted: Iterable[FinancialStatement],
) -> None:
    """Apply the changed and deleted periods, refusing a 4th period or a repeated period end."""
    deleted_pks = {s.pk for s in deleted if s.pk}
    changed = list(changed)
    changed_pks = {s.pk for s in changed if s.pk}
    kept = list(
        analysis.statements.exclude(pk__in=deleted_pks | changed_pks).order_by("period_end")
    )
    _check_periods(kept + changed)
    FinancialStatement.objects.filter(analysis=analysis, pk__in=deleted_pks).delete()
    # Two rows may swap their period ends; clear the changed ones first so that the unique
    # constraint never sees an intermediate duplicate.
    for statement in sorted(changed, key=lambda s: s.pk or 0):
        if statement.pk:
            FinancialStatement.objects.filter(analysis=analysis, pk=statement.pk).delete()
            statement.pk = None
            statement._state.adding = True
    for statement in changed:
        statement.analysis = analysis
        statement.organization_id = analysis.organization_id
        statement.save()


@transaction.atomic
def create_analysis(
    analysis: BusinessAnalysis, *, actor, statements: Iterable[FinancialStatement] = ()
) -> BusinessAnalysis:
    """Save a new analysis (status draft) with its periods, copying the business's facts."""
    statements = list(statements)
    _check_periods(statements)  # before anything is saved, so a refusal leaves no trace
    analysis.capture_business_facts()
    analysis.status = AnalysisStatus.DRAFT
    analysis.save()
    _save_statements(analysis, statements, ())
    changes = diff(analysis, {}, snapshot(analysis, AUDITED_FIELDS))
    changes |= _statement_diff({}, _statement_snapshot(analysis.statements.all()))
    log_action(analysis, "analysis.analysis.created", actor, changes)
    return analysis


@transaction.atomic
def update_analysis(
    analysis: BusinessAnalysis,
    *,
    actor,
    statements: Iterable[FinancialStatement] = (),
    deleted: Iterable[FinancialStatement] = (),
) -> BusinessAnalysis:
    """Save the checklist and SWOT and apply the changed and deleted periods."""
    stored = BusinessAnalysis.objects.select_for_update().get(
        organization=analysis.organization_id, pk=analysis.pk
    )
    before = snapshot(stored, AUDITED_FIELDS)
    statements_before = _statement_snapshot(stored.statements.all())
    analysis.save()
    _save_statements(analysis, statements, deleted)
    changes = diff(analysis, before, snapshot(analysis, AUDITED_FIELDS))
    changes |= _statement_diff(statements_before, _statement_snapshot(analysis.statements.all()))
    if changes:
        log_action(analysis, "analysis.analysis.updated", actor, changes)
    return analysis


@transaction.atomic
def complete_analysis(analysis: BusinessAnalysis, *, actor, on=None) -> BusinessAnalysis:
    """Mark the analysis completed: it then counts as an analysis carried out (DOMAIN §1.3)."""
    analysis = BusinessAnalysis.objects.select_for_update().get(
        organization=analysis.organization_id, pk=analysis.pk
    )
    if analysis.is_completed:
        raise DomainError(_("This analysis is already completed."), code="already_completed")
    if not analysis.statements.exists():
        raise DomainError(
            _("Enter the figures of at least one fiscal period before completing the analysis."),
            code="no_statements",
        )
    before = snapshot(analysis, ("status", "completed_on"))
    analysis.status = AnalysisStatus.COMPLETED
    analysis.completed_on = on or timezone.localdate()
    analysis.save(update_fields=["status", "completed_on", "updated_at"])
    changes = diff(analysis, before, snapshot(analysis, ("status", "completed_on")))
    log_action(analysis, "analysis.analysis.completed", actor, changes)
    return analysis
