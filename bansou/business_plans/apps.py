"""App configuration for business_plans."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessPlansConfig(AppConfig):
    name = "bansou.business_plans"
    verbose_name = _("Business plans")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register
        from bansou.dataio.history import exporter_for
        from bansou.dataio.registry import (
            ExportKind,
            register_export_kind,
            register_import_kind,
            scoped_queryset,
        )

        from .imports import BusinessPlansImport
        from .models import BusinessPlan

        register(
            TimelineSource(
                kind="business_plan",
                label=_("Business plans"),
                model=BusinessPlan,
                date_field="started_on",
                template="business_plans/_timeline_entry.html",
                select_related=("staff",),
            )
        )
        register_import_kind(BusinessPlansImport())
        register_export_kind(
            ExportKind(
                "business_plans",
                _("Business plans"),
                # The data page's whole list is the import's shape: it imports back
                # unchanged (the list page's download keeps the list's own columns).
                exporter_for("business_plans"),
                scoped_queryset(BusinessPlan),
                order=27,
            )
        )
