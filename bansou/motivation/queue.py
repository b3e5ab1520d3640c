"""The ranked queue of businesses to analyse next (plan: motivation check → analysis).

A business is in the queue when its latest check is not yet followed by a completed analysis.
Priority raised by an advisor comes first, then the score. One SQL query whatever the data.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Subquery

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


def analysis_queue(user):
    """The queue this user may see, in queue order, ready for a list."""
    # Looked up by name: the analysis app depends on businesses, not on this app.
    analysis = apps.get_model("analysis", "BusinessAnalysis")
    analysed_since = analysis.objects.filter(
        business=OuterRef("business"),
        status=ANALYSIS_COMPLETED,
        analysed_on__gte=OuterRef("checked_on"),
    )
    return (
        latest_only(MotivationCheck.objects.for_user(user))
        .exclude(Exists(analysed_since))
        .select_related("business", "business__district", "staff")
        .order_by("-priority", "-score", "checked_on", "pk")
    )
