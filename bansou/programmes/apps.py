"""App configuration for programmes (支援事業)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "bansou.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register
        from bansou.dataio.registry import register_import_kind

        from .imports import MonthlySalesImport
        from .models import Deal, NewTradingPartner, Participation, SalesOutcome

        register(
            TimelineSource(
                kind="programme_participation",
                label=_("Programme participations"),
                model=Participation,
                date_field="started_on",
                template="programmes/_timeline_participation.html",
                select_related=("programme", "staff"),
            )
        )
        register(
            TimelineSource(
                kind="programme_deal",
                label=_("Deals closed"),
                model=Deal,
                date_field="closed_on",
                template="programmes/_timeline_deal.html",
                select_related=("programme",),
            )
        )
        register(
            TimelineSource(
                kind="programme_new_partner",
                label=_("New trading partners"),
                model=NewTradingPartner,
                date_field="started_on",
                template="programmes/_timeline_partner.html",
                select_related=("programme",),
            )
        )
        register(
            TimelineSource(
                kind="programme_sales",
                label=_("Monthly sales compared"),
                model=SalesOutcome,
                date_field="last_month",
                template="programmes/_timeline_sales.html",
                select_related=("programme",),
            )
        )
        register_import_kind(MonthlySalesImport())
