"""Admin screens for the chamber's own organization data."""

from django.contrib import admin

from bansou.core.admin import OrgAdminPermissions, TenantAdmin, site

from .models import Department, District, Organization


@admin.register(Organization, site=site)
class OrganizationAdmin(OrgAdminPermissions, admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "territory"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk=request.user.organization_id)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Department, site=site)
class DepartmentAdmin(TenantAdmin):
    list_display = ["name", "sort_order"]


@admin.register(District, site=site)
class DistrictAdmin(TenantAdmin):
    list_display = ["name", "name_kana", "in_territory", "sort_order"]
    list_filter = ["in_territory"]
