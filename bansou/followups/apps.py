"""App configuration for followups."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "bansou.followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register
        from bansou.dataio.history import exporter_for
        from bansou.dataio.registry import (
            ExportKind,
            register_export_kind,
            register_import_kind,
            scoped_queryset,
        )

        from .imports import FollowUpContactsImport, FollowUpReportsImport
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
        register_import_kind(FollowUpReportsImport())
        register_import_kind(FollowUpContactsImport())
        register_export_kind(
            ExportKind(
                "followup_reports",
                _("Follow-up reports"),
                exporter_for("followup_reports"),
                scoped_queryset(FollowUpReport),
                order=70,
            )
        )
        register_export_kind(
            ExportKind(
                "followup_contacts",
                _("Follow-up contacts"),
                exporter_for("followup_contacts"),
                scoped_queryset(FollowUpContact),
                order=71,
            )
        )
