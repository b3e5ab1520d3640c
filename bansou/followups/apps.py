"""App configuration for followups."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "bansou.followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register

        from .models import FollowUpContact, FollowUpReport

        register(
            TimelineSource(
                kind="follow_up_report",
                label=_("Follow-up reports"),
                model=FollowUpReport,
                date_field="reported_on",
                template="followups/_timeline_report.html",
                select_related=("staff", "plan"),
            )
        )
        register(
            TimelineSource(
                kind="follow_up_contact",
                label=_("Follow-up contacts"),
                model=FollowUpContact,
                date_field="contacted_on",
                template="followups/_timeline_contact.html",
                select_related=("staff", "plan"),
            )
        )
