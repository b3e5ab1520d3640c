"""App configuration for e-voucher usage data (電子商品券の利用データ)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "bansou.vouchers"
    verbose_name = _("E-voucher usage")

    def ready(self) -> None:
        from bansou.businesses.timeline import TimelineSource, register
        from bansou.dataio.registry import register_import_kind

        from .imports import VoucherUsageImport
        from .models import VoucherFeedback

        register(
            TimelineSource(
                kind="voucher_feedback",
                label=_("Voucher usage reports handed over"),
                model=VoucherFeedback,
                date_field="handed_on",
                template="vouchers/_timeline_feedback.html",
                select_related=("staff", "expert"),
            )
        )
        register_import_kind(VoucherUsageImport())
