"""App configuration for the DX vendor matching."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DxmatchConfig(AppConfig):
    name = "bansou.dxmatch"
    verbose_name = _("DX vendor matching")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register

        from .models import DxNeed

        register(
            TimelineSource(
                kind="dx_need",
                label=_("DX needs"),
                model=DxNeed,
                date_field="opened_on",
                template="dxmatch/_timeline_entry.html",
                select_related=("staff", "chosen_proposal__vendor"),
            )
        )
