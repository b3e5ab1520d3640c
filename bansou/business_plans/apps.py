"""App configuration for business_plans."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessPlansConfig(AppConfig):
    name = "bansou.business_plans"
    verbose_name = _("Business plans")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register
        from bansou.dataio.registry import ExportKind, register_export_kind, scoped_queryset

        from .exports import PlanExporter
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
        register_export_kind(
            ExportKind(
                "business_plans",
                _("Business plans"),
                PlanExporter,
                scoped_queryset(BusinessPlan),
                order=27,
            )
        )
