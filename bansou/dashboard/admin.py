"""The start page's settings in the chamber's admin: one row per chamber."""

from django.contrib import admin

from bansou.core.admin import TenantAdmin, site

from .models import DashboardSettings


@admin.register(DashboardSettings, site=site)
class DashboardSettingsAdmin(TenantAdmin):
    list_display = ["organization", "innovation_plan_quota_per_staff"]

    def has_add_permission(self, request, *args) -> bool:
        # One row per chamber (a unique constraint): a chamber administrator adds it only once.
        if not super().has_add_permission(request, *args):
            return False
        if request.user.is_superuser:
            return True
        return not DashboardSettings.objects.filter(
            organization=request.user.organization_id
        ).exists()
