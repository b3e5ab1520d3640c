"""Admin screens for the chamber's own organization data."""

from django.contrib import admin

from bansou.core.admin import (
    AuditedAdminMixin,
    OrgAdminPermissions,
    TenantAdmin,
    VersionedAdmin,
    site,
)

from .models import Department, District, Organization


@admin.register(Organization, site=site)
class OrganizationAdmin(AuditedAdminMixin, OrgAdminPermissions, VersionedAdmin):
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
    list_display = [
        "name",
        "name_kana",
        "in_territory",
        "in_territory_from",
        "in_territory_to",
        "sort_order",
    ]
    list_filter = ["in_territory"]

    def save_model(self, request, obj, form, change):
        """A changed territory period recomputes the flags its records carry (territory.py)."""
        from bansou.businesses.territory import TERRITORY_FIELDS, change_district_territory

        if not change or not set(TERRITORY_FIELDS) & set(form.changed_data):
            return super().save_model(request, obj, form, change)
        territory = {name: getattr(obj, name) for name in TERRITORY_FIELDS}
        stored = District.objects.get(organization=obj.organization_id, pk=obj.pk)
        for name in TERRITORY_FIELDS:
            setattr(obj, name, getattr(stored, name))
        super().save_model(request, obj, form, change)
        change_district_territory(obj, actor=request.user, **territory)
