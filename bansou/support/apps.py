"""App configuration for support."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "bansou.support"
    verbose_name = _("Support records")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register

        from .models import SupportRecord

        register(
            TimelineSource(
                kind="support_record",
                label=_("Support records"),
                model=SupportRecord,
                date_field="occurred_at",
                shown_as="when",
                template="support/_timeline_entry.html",
                select_related=("staff",),
            )
        )
