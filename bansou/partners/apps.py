"""App configuration for Team KawaBiz (partners, referrals, expert dispatch)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "bansou.partners"
    verbose_name = _("Team KawaBiz")

    def ready(self) -> None:
        from bansou.businesses.querysets import register_expert_reach
        from bansou.businesses.timeline import TimelineSource, register

        from .models import DispatchVisit, Referral
        from .querysets import expert_case_businesses

        # An expert reads the businesses of their own dispatch cases (and nothing else).
        register_expert_reach(expert_case_businesses)
        register(
            TimelineSource(
                kind="dispatch_visit",
                label=_("Expert visits"),
                model=DispatchVisit,
                date_field="visited_on",
                template="partners/_timeline_visit.html",
                select_related=("expert", "staff", "programme"),
            )
        )
        register(
            TimelineSource(
                kind="referral",
                label=_("Partner referrals"),
                model=Referral,
                date_field="referred_on",
                template="partners/_timeline_referral.html",
                select_related=("partner", "staff"),
            )
        )
