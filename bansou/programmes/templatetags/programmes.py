"""{% programme_outcomes business %}: a business's programmes and what came of them, for the
pages where its follow-up is recorded (a fixed number of queries)."""

from django import template
from django.db.models import Count, Sum

from ..models import Deal, NewTradingPartner, Participation, SalesOutcome

register = template.Library()
SHOWN = 10


@register.inclusion_tag("programmes/_business_outcomes.html")
def programme_outcomes(business):
    participations = list(
        Participation.objects.filter(business=business)
        .select_related("programme")
        .order_by("-started_on", "-pk")[:SHOWN]
    )
    ids = [p.pk for p in participations]
    deals = dict(
        (row["participation"], (row["n"], row["amount"]))
        for row in Deal.objects.filter(participation__in=ids)
        .values("participation")
        .annotate(n=Count("pk"), amount=Sum("amount"))
        .order_by()
    )
    partners = dict(
        NewTradingPartner.objects.filter(participation__in=ids)
        .values("participation")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("participation", "n")
    )
    sales = {o.participation_id: o for o in SalesOutcome.objects.filter(participation__in=ids)}
    return {
        "business": business,
        "lines": [
            (p, deals.get(p.pk, (0, None)), partners.get(p.pk, 0), sales.get(p.pk))
            for p in participations
        ],
    }
