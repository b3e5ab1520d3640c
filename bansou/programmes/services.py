"""Operations on programmes, participations, outcomes and monthly sales.

Every write that changes what "月商5%以上増加" depends on (a participation's start, the
business's sales) recomputes the business's SalesOutcome rows in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.lib.eras import fiscal_year

from . import sales as rule
from .models import (
    Deal,
    MonthlySales,
    NewTradingPartner,
    Participation,
    Programme,
    SalesOutcome,
)

PROGRAMME_FIELDS = ("code", "name", "kind", "department", "first_fiscal_year", "last_fiscal_year")
PARTICIPATION_FIELDS = ("business", "started_on", "ended_on", "status", "category", "went_cashless")
DEAL_FIELDS = ("counterparty", "closed_on", "amount")
PARTNER_FIELDS = ("name", "started_on")


# --- programmes ---------------------------------------------------------------------------


@transaction.atomic
def save_programme(programme: Programme, *, actor) -> Programme:
    clash = Programme.objects.filter(
        organization=programme.organization_id, code=programme.code
    ).exclude(pk=programme.pk)
    if clash.exists():
        raise DomainError(_("A programme with this code already exists."), code="duplicate")
    if programme.last_fiscal_year and programme.last_fiscal_year < programme.first_fiscal_year:
        raise DomainError(_("The last fiscal year is before the first."), code="years")
    before = {}
    if programme.pk:
        before = snapshot(Programme.objects.get(pk=programme.pk), PROGRAMME_FIELDS)
    created = programme.pk is None
    programme.save()
    changes = diff(programme, before, snapshot(programme, PROGRAMME_FIELDS))
    if created or changes:
        action = "programmes.programme.created" if created else "programmes.programme.updated"
        log_action(programme, action, actor, changes)
    return programme


# --- participations -----------------------------------------------------------------------


def _check_participation(participation: Participation) -> None:
    programme, business = participation.programme, participation.business
    if business.organization_id != programme.organization_id:
        raise DomainError(_("The business belongs to another chamber."))
    if not programme.runs_in(fiscal_year(participation.started_on)):
        raise DomainError(
            _("%(programme)s does not run in the fiscal year of %(day)s.")
            % {"programme": programme.name, "day": participation.started_on},
            code="out_of_years",
        )
    if participation.ended_on and participation.ended_on < participation.started_on:
        raise DomainError(_("The end date is before the start date."), code="dates")
    first_outcome = min(
        [
            *Deal.objects.filter(participation=participation.pk).values_list(
                "closed_on", flat=True
            ),
            *NewTradingPartner.objects.filter(participation=participation.pk).values_list(
                "started_on", flat=True
            ),
        ]
        if participation.pk
        else [],
        default=None,
    )
    if first_outcome is not None and first_outcome < participation.started_on:
        raise DomainError(
            _("A deal or new trading partner of this participation is dated before %(day)s.")
            % {"day": participation.started_on},
            code="outcome_before",
        )


@transaction.atomic
def add_participation(participation: Participation, *, actor) -> Participation:
    _check_participation(participation)
    participation.capture_business_facts()
    participation.save()
    log_action(
        participation,
        "programmes.participation.created",
        actor,
        diff(participation, {}, snapshot(participation, PARTICIPATION_FIELDS)),
    )
    recompute_sales_outcomes([participation.business_id])
    return participation


@transaction.atomic
def update_participation(participation: Participation, *, actor) -> Participation:
    stored = Participation.objects.select_related("business").get(pk=participation.pk)
    before = snapshot(stored, PARTICIPATION_FIELDS)
    _check_participation(participation)
    participation.save()
    changes = diff(participation, before, snapshot(participation, PARTICIPATION_FIELDS))
    if changes:
        log_action(participation, "programmes.participation.updated", actor, changes)
    recompute_sales_outcomes([participation.business_id])
    return participation


@transaction.atomic
def remove_participation(participation: Participation, *, actor) -> None:
    log_action(
        participation,
        "programmes.participation.deleted",
        actor,
        diff(participation, snapshot(participation, PARTICIPATION_FIELDS), {}),
    )
    for model in (Deal, NewTradingPartner, SalesOutcome):
        model.objects.filter(participation=participation).delete()
    participation.delete()


# --- deals and new trading partners -------------------------------------------------------


def attach_outcome(outcome, participation: Participation, day: date, actor):
    if day < participation.started_on:
        raise DomainError(
            _(
                "The date %(day)s is before the participation started (%(start)s): "
                "an outcome of the programme cannot precede it."
            )
            % {"day": day, "start": participation.started_on},
            code="before_participation",
        )
    outcome.participation = participation
    outcome.programme_id = participation.programme_id
    outcome.business_id = participation.business_id
    outcome.staff = actor
    outcome.capture_business_facts()
    return outcome


@transaction.atomic
def add_deal(deal: Deal, participation: Participation, *, actor) -> Deal:
    if deal.amount is not None and deal.amount < 0:
        raise DomainError(_("The amount of a deal cannot be negative."), code="negative")
    attach_outcome(deal, participation, deal.closed_on, actor).save()
    log_action(deal, "programmes.deal.created", actor, diff(deal, {}, snapshot(deal, DEAL_FIELDS)))
    return deal


@transaction.atomic
def add_new_partner(partner: NewTradingPartner, participation: Participation, *, actor):
    attach_outcome(partner, participation, partner.started_on, actor).save()
    log_action(
        partner,
        "programmes.new_partner.created",
        actor,
        diff(partner, {}, snapshot(partner, PARTNER_FIELDS)),
    )
    return partner


@transaction.atomic
def remove_outcome(outcome, *, actor) -> None:
    action = (
        "programmes.deal.deleted" if isinstance(outcome, Deal) else "programmes.new_partner.deleted"
    )
    fields = DEAL_FIELDS if isinstance(outcome, Deal) else PARTNER_FIELDS
    log_action(outcome, action, actor, diff(outcome, snapshot(outcome, fields), {}))
    outcome.delete()


# --- monthly sales ------------------------------------------------------------------------


def sales_of(business_ids) -> dict[int, dict[date, Decimal]]:
    figures: dict[int, dict[date, Decimal]] = defaultdict(dict)
    rows = MonthlySales.objects.filter(business__in=business_ids).values_list(
        "business_id", "month", "amount"
    )
    for business_id, month, amount in rows:
        figures[business_id][month] = amount
    return figures


def analysis_monthly_sales(business) -> Decimal | None:
    """A month's sales by the business's latest analysed statement (千円 a year → 円 a month),
    a reference for the plausibility check of typed monthly figures."""
    from bansou.analysis.models import FinancialStatement

    statement = (
        FinancialStatement.objects.filter(analysis__business=business, sales__gt=0)
        .order_by("-period_end")
        .values_list("sales", "months")
        .first()
    )
    if statement is None:
        return None
    sales, months = statement
    return Decimal(sales) * 1000 / (months or 12)


@transaction.atomic
def save_monthly_sales(business, amounts: dict[date, Decimal | None], source: str, *, actor):
    """Store the given months (None deletes the month's figure); then recompute outcomes.

    Returns (written, deleted) counts. Negative figures are refused, nothing written.
    """
    negative = [m for m, v in amounts.items() if v is not None and v < 0]
    if negative:
        raise DomainError(
            _("Monthly sales cannot be negative (%(months)s).")
            % {"months": "、".join(f"{m.year}年{m.month}月" for m in sorted(negative))},
            code="negative",
        )
    existing = {
        s.month: s for s in MonthlySales.objects.filter(business=business, month__in=list(amounts))
    }
    create, update, delete = [], [], []
    for month, amount in amounts.items():
        stored = existing.get(month)
        if amount is None:
            if stored is not None:
                delete.append(stored.pk)
        elif stored is None:
            create.append(
                MonthlySales(
                    organization_id=business.organization_id,
                    business=business,
                    month=month,
                    amount=amount,
                    source=source,
                    entered_by=actor,
                )
            )
        elif stored.amount != amount or stored.source != source:
            stored.amount, stored.source, stored.entered_by = amount, source, actor
            update.append(stored)
    MonthlySales.objects.bulk_create(create)
    MonthlySales.objects.bulk_update(update, ["amount", "source", "entered_by", "updated_at"])
    MonthlySales.objects.filter(pk__in=delete).delete()
    if create or update or delete:
        changed = sorted(
            [s.month for s in create]
            + [s.month for s in update]
            + [m for m in amounts if amounts[m] is None and m in existing]
        )
        log_action(
            business,
            "programmes.sales.updated",
            actor,
            {"months": [f"{m:%Y-%m}" for m in changed]},
        )
    recompute_sales_outcomes([business.pk])
    return len(create) + len(update), len(delete)


# --- the stored outcome -------------------------------------------------------------------


def _outcome_values(comparison: rule.SalesComparison) -> dict:
    return {
        "first_month": comparison.first_month,
        "last_month": comparison.last_month,
        "months_compared": len(comparison.pairs),
        "before_total": comparison.before_total,
        "after_total": comparison.after_total,
        "change_percent": comparison.change_percent,
        "missing_months": [f"{m:%Y-%m}" for m in comparison.missing],
        "result": comparison.result,
        "increased": comparison.increased,
    }


def expected_outcomes(business_ids) -> dict[int, dict]:
    """participation pk → the SalesOutcome values the rule gives now (businesses with any
    monthly sales; a business without figures has no outcome rows)."""
    figures = sales_of(business_ids)
    result = {}
    for participation in Participation.objects.filter(business__in=list(figures)):
        comparison = rule.compare_sales(
            participation.started_on, figures[participation.business_id]
        )
        result[participation.pk] = (participation, _outcome_values(comparison))
    return result


def recompute_sales_outcomes(business_ids) -> None:
    """Bring the SalesOutcome rows of these businesses in line with the rule (few queries)."""
    business_ids = list(business_ids)
    expected = expected_outcomes(business_ids)
    stored = {o.participation_id: o for o in SalesOutcome.objects.filter(business__in=business_ids)}
    SalesOutcome.objects.filter(business__in=business_ids).exclude(
        participation__in=list(expected)
    ).delete()
    create, update = [], []
    for pk, (participation, values) in expected.items():
        outcome = stored.get(pk)
        if outcome is None:
            outcome = SalesOutcome(
                participation=participation,
                programme_id=participation.programme_id,
                business_id=participation.business_id,
                staff_id=participation.staff_id,
                organization_id=participation.organization_id,
                district_id=participation.district_id,
                in_territory=participation.in_territory,
                is_small=participation.is_small,
                fiscal_year=participation.fiscal_year,
                **values,
            )
            create.append(outcome)
            continue
        current = {name: getattr(outcome, name) for name in values}
        if current != values or outcome.fiscal_year != participation.fiscal_year:
            for name, value in values.items():
                setattr(outcome, name, value)
            outcome.fiscal_year = participation.fiscal_year
            outcome.programme_id = participation.programme_id
            update.append(outcome)
    SalesOutcome.objects.bulk_create(create, batch_size=1000)
    SalesOutcome.objects.bulk_update(
        update, [*_OUTCOME_FIELDS, "fiscal_year", "programme"], batch_size=1000
    )


_OUTCOME_FIELDS = (
    "first_month", "last_month", "months_compared", "before_total", "after_total",
    "change_percent", "missing_months", "result", "increased",
)  # fmt: skip
