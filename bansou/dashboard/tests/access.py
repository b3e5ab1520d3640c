"""Access decisions for the dashboard app.

The advisor's day is served by core:home (bansou/core/tests/access.py); its settings live in
the admin site. The lead advisor's dashboard (dashboard:index) and the line of one row that
htmx swaps in (dashboard:row_chart) need the evaluation's capability, which committee members
hold too: both show aggregates only. Their URLs take no arguments, so the matrix derives them;
dashboard:pack is the monthly meeting pack (PDF). Chamber A has no plan in the matrix, so
each answers 200 with the "no plan" message.
"""


def urls(request) -> dict[str, str]:
    from django.urls import reverse

    return {
        "dashboard:index": reverse("dashboard:index") + "?fy=2024&month=3",
        "dashboard:row_chart": reverse("dashboard:row_chart") + "?fy=2024&month=3&row=x",
        "dashboard:pack": reverse("dashboard:pack") + "?fy=2024&month=3",
    }
