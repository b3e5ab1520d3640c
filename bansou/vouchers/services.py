"""Operations on e-voucher data: member stores, the monthly sales feed, report hand-overs."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError
from bansou.programmes import services as programme_services
from bansou.programmes.models import (
    MonthlySales,
    Participation,
    ParticipationStatus,
    ProgrammeKind,
    SalesSource,
)

from .models import VoucherFeedback, VoucherUsage

FEEDBACK_FIELDS = ("business", "handed_on", "expert", "first_month", "last_month", "note")


def member_stores(organization):
    """Participations that make a business a member store: any voucher programme's, not
    withdrawn (the issuer's member list is the chamber's: 「元気」川口商品券 加盟店)."""
    return Participation.objects.filter(
        organization=organization, programme__kind=ProgrammeKind.VOUCHER
    ).exclude(status=ParticipationStatus.WITHDRAWN)


def member_store_ids(organization) -> set[int]:
    return set(member_stores(organization).values_list("business_id", flat=True))


# --- the feed into monthly sales ----------------------------------------------------------


def voucher_sales(organization, business_ids=None, months=None) -> dict[int, dict[date, Decimal]]:
    """business → month → the voucher sales of that month (one GROUP BY over the chamber's
    usage, within `months` (first, last) when given; the stores are picked out here, not in
    an IN list of thousands)."""
    uses = VoucherUsage.objects.filter(organization=organization)
    if months is not None:
        uses = uses.filter(month__gte=months[0], month__lte=months[1])
    wanted = None if business_ids is None else set(business_ids)
    figures: dict[int, dict[date, Decimal]] = defaultdict(dict)
    rows = uses.values_list("business_id", "month").annotate(total=Sum("amount")).order_by()
    for business_id, month, total in rows:
        if wanted is None or business_id in wanted:
            figures[business_id][month] = Decimal(total)
    return figures


@transaction.atomic
def feed_monthly_sales(organization, business_ids, *, actor=None, months=None) -> dict[str, int]:
    """Write the stores' monthly voucher sales into programmes.MonthlySales (source=voucher)
    and recompute their "月商5%以上増加" outcomes. Called explicitly after an import (the
    import kind's finish(), in the import's transaction) and by the demo; no signal does it
    behind anyone's back. `months` (first, last) limits the months fed (an import's).

    Precedence (decided here; programmes has no rule of its own — its import and sales sheet
    overwrite a month whatever its source):

    * A business's own figures win: the voucher data is the part of a store's sales paid with
      the voucher, while a figure the business reported (source `report`) or staff entered
      (`staff`) is its whole month. So a store with any such figure gets no new voucher
      figures — mixing voucher-only months with whole months would make the year-on-year
      comparison compare different things — and its figures are never overwritten.
    * For every other store each month with usage holds the voucher total: created, or
      updated when the usage changed (a month already from `voucher` is ours to keep current).
      Staff may still type a month over it on the sales sheet, as programmes allows; from
      then on the store's own figures win.

    Returns counts of months created and updated.
    """
    from bansou.dataio import bulk  # the fast INSERT of the imports

    own = set(
        MonthlySales.objects.filter(organization=organization)
        .exclude(source=SalesSource.VOUCHER)
        .values_list("business_id", flat=True)
        .distinct()
    )
    fed = {pk for pk in business_ids if pk not in own}
    figures = voucher_sales(organization, fed, months)
    stored = MonthlySales.objects.filter(organization=organization, source=SalesSource.VOUCHER)
    if months is not None:
        stored = stored.filter(month__gte=months[0], month__lte=months[1])
    stored = {
        (business_id, month): (pk, amount)
        for pk, business_id, month, amount in stored.values_list(
            "pk", "business_id", "month", "amount"
        )
        if business_id in fed
    }
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    create, update, changed = [], [], set()
    for business_id, by_month in figures.items():
        for month, amount in by_month.items():
            existing = stored.get((business_id, month))
            if existing is None:
                create.append((organization.pk, business_id, month, amount,
                               SalesSource.VOUCHER.value, actor_id, now))  # fmt: skip
            elif existing[1] != amount:
                update.append(MonthlySales(pk=existing[0], amount=amount, entered_by_id=actor_id,
                                           updated_at=now))  # fmt: skip
            else:
                continue
            changed.add(business_id)
    bulk.Inserter(MonthlySales, SALES_FIELDS).insert(create)
    MonthlySales.objects.bulk_update(
        update, ["amount", "entered_by", "updated_at"], batch_size=1000
    )
    if changed:
        programme_services.recompute_sales_outcomes(sorted(changed))
    return {"created": len(create), "updated": len(update)}


SALES_FIELDS = ("organization", "business", "month", "amount", "source", "entered_by", "updated_at")


# --- hand-overs of the usage report -------------------------------------------------------


def _check_feedback(feedback: VoucherFeedback) -> None:
    if feedback.business.organization_id != feedback.organization_id:
        raise DomainError(_("The business belongs to another chamber."))
    if feedback.handed_on < feedback.first_month:
        raise DomainError(
            _("A report cannot be handed over before the months it covers."), code="before"
        )
    if feedback.first_month > feedback.last_month:
        raise DomainError(_("The report's first month is after its last month."), code="months")
    if feedback.expert_id and feedback.expert.organization_id != feedback.organization_id:
        raise DomainError(_("The expert belongs to another chamber."))
    if feedback.business_id not in member_store_ids(feedback.organization_id):
        raise DomainError(
            _("The business is not a member store of the voucher."), code="not_member"
        )


@transaction.atomic
def record_feedback(feedback: VoucherFeedback, *, actor) -> VoucherFeedback:
    feedback.organization_id = feedback.business.organization_id
    feedback.staff = feedback.staff if feedback.staff_id else actor
    feedback.first_month = feedback.first_month.replace(day=1)
    feedback.last_month = feedback.last_month.replace(day=1)
    _check_feedback(feedback)
    feedback.capture_business_facts()
    feedback.save()
    log_action(
        feedback,
        "vouchers.feedback.created",
        actor,
        diff(feedback, {}, snapshot(feedback, FEEDBACK_FIELDS)),
    )
    return feedback


@transaction.atomic
def remove_feedback(feedback: VoucherFeedback, *, actor) -> None:
    log_action(
        feedback,
        "vouchers.feedback.deleted",
        actor,
        diff(feedback, snapshot(feedback, FEEDBACK_FIELDS), {}),
    )
    feedback.delete()
