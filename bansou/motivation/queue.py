"""The ranked queue of businesses to analyse next (plan: motivation check → analysis).

A business is in the queue when its latest check is not yet followed by a completed analysis.
Priority raised by an advisor comes first, then the score. By default only businesses the
plan's analysis row counts are ranked (its rule excludes 地区外・小規模以外); the others can be
shown, marked with the reason. One SQL query for the rows whatever the data.
"""

from django.apps import apps
from django.db.models import Case, CharField, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Concat, Length, Substr
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from bansou.lib.eras import fiscal_year

from .models import MotivationCheck

ANALYSIS_COMPLETED = "completed"  # analysis.BusinessAnalysis.status (MODELS.md)


def latest_only(checks):
    """Keep, of each business, only its latest check (checked_on, then pk breaks ties)."""
    latest = (
        MotivationCheck.objects.filter(business=OuterRef("business"))
        .order_by("-checked_on", "-pk")
        .values("pk")[:1]
    )
    return checks.filter(pk=Subquery(latest))


REASON_SEPARATOR = "、"


def analysis_queue(user, *, include_not_counted: bool = False):
    """The queue this user may see, in queue order, ready for a list.

    Each row carries `not_counted`: why the plan's analysis row would not count an analysis
    of that business ("管轄外、小規模事業者でない"), empty when it would. Rows with a reason are
    left out unless `include_not_counted`."""
    # Looked up by name: the analysis app depends on businesses, not on this app.
    analysis = apps.get_model("analysis", "BusinessAnalysis")
    analysed_since = analysis.objects.filter(
        business=OuterRef("business"),
        status=ANALYSIS_COMPLETED,
        analysed_on__gte=OuterRef("checked_on"),
    )
    checks = (
        latest_only(MotivationCheck.objects.for_user(user))
        .exclude(Exists(analysed_since))
        .select_related("business", "business__district", "staff")
        .order_by("-priority", "-score", "checked_on", "pk")
    )
    reasons = _not_counted_reasons(user)
    checks = checks.annotate(not_counted=_reasons_text(reasons))
    if reasons and not include_not_counted:
        left_out = Q()
        for reason in reasons:
            left_out |= reason.q
        checks = checks.exclude(left_out)
    return checks


def _not_counted_reasons(user):
    if not apps.is_installed("bansou.evaluation"):
        return []
    from bansou.evaluation.scope import not_counted_reasons

    today = timezone.localdate()
    return not_counted_reasons(user.organization, "analysis", fiscal_year(today))


def _reasons_text(reasons):
    """The labels of the reasons that apply to a row, joined by 「、」, computed in SQL."""
    if not reasons:
        return Value("", output_field=CharField())
    parts = [
        Case(
            When(reason.q, then=Value(reason.label + REASON_SEPARATOR)),
            default=Value(""),
            output_field=CharField(),
        )
        for reason in reasons
    ]
    text = parts[0] if len(parts) == 1 else Concat(*parts, output_field=CharField())
    # Drop the separator after the last label.
    return Case(
        When(GreaterThan(Length(text), 0), then=Substr(text, 1, Length(text) - 1)),
        default=Value(""),
        output_field=CharField(),
    )
