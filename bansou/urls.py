"""The project's URLs: one include per app."""

from django.urls import include, path
from django.views.i18n import set_language

from bansou.core.admin import site as admin_site
from bansou.core.permissions import public

urlpatterns = [
    path("", include("bansou.core.urls")),
    path("accounts/", include("bansou.accounts.urls")),
    path("businesses/", include("bansou.businesses.urls")),
    path("support/", include("bansou.support.urls")),
    path("motivation/", include("bansou.motivation.urls")),
    path("analysis/", include("bansou.analysis.urls")),
    path("plans/", include("bansou.business_plans.urls")),
    path("followups/", include("bansou.followups.urls")),
    path("self-reports/", include("bansou.selfreports.urls")),
    path("dashboard/", include("bansou.dashboard.urls")),
    path("events/", include("bansou.events.urls")),
    path("dx/", include("bansou.dxmatch.urls")),
    path("kawabiz/", include("bansou.partners.urls")),
    path("programmes/", include("bansou.programmes.urls")),
    # The i-mise award: /imise/ for the staff, /vote/<chamber>/ for the public vote.
    path("", include("bansou.imise.urls")),
    path("vouchers/", include("bansou.vouchers.urls")),
    path("meetings/", include("bansou.meetings.urls")),
    path("surveys/", include("bansou.surveys.urls")),
    # Demand surveys: staff pages under /demand/, the public short URLs under /q/.
    path("", include("bansou.demand.urls")),
    path("evaluation/", include("bansou.evaluation.urls")),
    path("committee/", include("bansou.committee.urls")),
    path("data/", include("bansou.dataio.urls")),
    path("jobs/", include("bansou.jobs.urls")),
    path("reminders/", include("bansou.reminders.urls")),
    path("organizations/", include("bansou.organizations.urls")),
    path("audit/", include("bansou.audit.urls")),
    path("api/", include("bansou.api.urls")),
    # Django's language switch (django.conf.urls.i18n), with its decision recorded.
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("admin/", admin_site.urls),
]

handler400 = "bansou.core.error_views.bad_request"
handler403 = "bansou.core.error_views.permission_denied"
handler404 = "bansou.core.error_views.page_not_found"
handler500 = "bansou.core.error_views.server_error"
