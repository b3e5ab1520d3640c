"""The plan page's panel of report links (one query), without touching the plan's view."""

from django import template
from django.utils import timezone

from bansou.selfreports import services
from bansou.selfreports.models import LinkStatus, ReportLink

register = template.Library()


@register.inclusion_tag("selfreports/_plan_panel.html", takes_context=True)
def self_report_panel(context, plan):
    request = context["request"]
    user = request.user
    now = timezone.now()
    rows = []
    for link in ReportLink.objects.filter(organization=plan.organization_id, plan=plan).order_by(
        "-period_number"
    ):
        status = link.status(now)
        url = services.link_url(link)
        if url.startswith("/"):
            url = request.build_absolute_uri(url)
        rows.append(
            {
                "link": link,
                "status": status,
                "period": services.period_of_plan(plan, link.period_number),
                "url": url if status == LinkStatus.OPEN else "",
            }
        )
    return {
        "plan": plan,
        "rows": rows,
        "can_write": user.can_write_records,
        "has_open": any(r["status"] == LinkStatus.OPEN for r in rows),
        "csrf_token": context.get("csrf_token"),
        "statuses": LinkStatus,
    }


@register.simple_tag(takes_context=True)
def reports_awaiting(context) -> int:
    """How many reports sent by link await confirmation among the plans the user may read."""
    from bansou.business_plans.models import BusinessPlan

    user = context["request"].user
    return (
        ReportLink.objects.for_organization(user.organization_id)
        .awaiting_confirmation()
        .filter(plan__in=BusinessPlan.objects.for_user(user).values("pk"))
        .count()
    )
