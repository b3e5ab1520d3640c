"""Read-only audit log in the admin."""

from django.contrib import admin

from bansou.core.admin import TenantAdmin, site
from bansou.core.permissions import Capability

from .models import AuditEntry


@admin.register(AuditEntry, site=site)
class AuditEntryAdmin(TenantAdmin):
    capability = Capability.AUDIT_READ
    list_display = ["created_at", "actor_name", "action", "target_repr", "ip_address"]
    list_filter = ["action"]
    search_fields = ["search_text"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
