"""App configuration for support."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "bansou.support"
    verbose_name = _("Support records")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from bansou.businesses.timeline import TimelineSource, register

        from . import fulltext

        # SQLite connections get bansou_grams(), which the knowledge-search triggers call.
        connection_created.connect(fulltext.register_functions, dispatch_uid="bansou_grams")

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
