"""Demo: report links for a few plans whose six-month report is due, one of them answered and
awaiting the advisor's confirmation (never counted: a link is not a report until confirmed)."""

from datetime import date

from bansou.business_plans.models import BusinessPlan
from bansou.core.errors import DomainError
from bansou.followups import services as followups

from . import services

OPEN_LINKS = 4


def load_selfreports_demo(organization, *, today: date) -> list:
    plans = (
        BusinessPlan.objects.filter(organization=organization, completed_on__isnull=False)
        .select_related("business", "staff")
        .prefetch_related("reports")
        .order_by("next_report_due", "pk")
    )
    links = []
    for plan in plans.iterator(chunk_size=200):
        if not plan.is_followed:
            continue
        try:
            period = followups.report_request(plan, today).period
        except DomainError:
            continue  # nothing due, or already reported
        links.append(services.issue_link(plan, period, actor=plan.staff))
        if len(links) == OPEN_LINKS:
            break
    if links:
        plan = links[0].plan
        # The owner's answer: sales up a little, profit down, support wanted (group 1).
        services.submit(
            links[0],
            sales=round((plan.baseline_sales or 10_000) * 1.04),
            profit=round((plan.baseline_profit or 500) * 0.7),
            wants_support=True,
            comment="仕入価格の上昇が続き、利益が落ちています。価格改定の相談をしたいです。",
        )
    return links
