"""App configuration for audit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "bansou.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from . import auth  # noqa: F401  (connects the login signal receivers)
