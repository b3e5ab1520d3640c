"""Reads of a business's page by someone not assigned to it: one entry per user, business and day.

"Assigned" (written down here because the data model has no single owner field): a user is
assigned to a business when
- it is within an expert's reach (an expert assignment, or a dispatch case of the partners app
  that names them: businesses/querysets.expert_businesses) — experts see only those, or
- they are the staff member in charge (担当職員, `staff`) of at least one record about the
  business (any BusinessRecord: support record, analysis, business plan, motivation check,
  follow-up report …) — the advisor who carries the case.
Anyone else who can read the business (another advisor, the chamber's administrator) reading
its page or one of its records leaves an entry `businesses.business.viewed` on the business.
"""

from datetime import datetime, time

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
from django.utils import timezone

from .models import AuditEntry
from .services import log_action

VIEWED = "businesses.business.viewed"


def _start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def log_business_view(user, business, *, via: str = "") -> None:
    """Log that `user` read `business` (or one of its records, named by `via`) today, unless
    they are assigned to it or already logged today. One query, plus one insert at most."""
    from bansou.businesses.models import Business
    from bansou.businesses.querysets import expert_businesses
    from bansou.businesses.territory import record_models

    if not user.is_authenticated:
        return
    in_charge = {
        f"in_charge_{n}": Exists(model._default_manager.filter(business=OuterRef("pk"), staff=user))
        for n, model in enumerate(record_models())
    }
    flags = (
        Business.objects.filter(pk=business.pk)
        .annotate(
            expert=ExpressionWrapper(expert_businesses(user), output_field=BooleanField()),
            **in_charge,
            seen=Exists(
                AuditEntry.objects.filter(
                    organization=business.organization_id,
                    target_type=business._meta.label_lower,
                    target_id=business.pk,
                    action=VIEWED,
                    actor=user,
                    created_at__gte=_start_of_today(),
                )
            ),
        )
        .values_list("expert", "seen", *in_charge)
        .first()
    )
    if flags is None or any(flags):
        return
    log_action(business, VIEWED, user, {"page": via} if via else None)
