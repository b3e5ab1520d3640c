"""Admin screens for the business register (most work happens in the product's own screens)."""

from django.contrib import admin

from bansou.core.admin import TenantAdmin, site

from . import services
from .models import Business, BusinessAssignment


@admin.register(Business, site=site)
class BusinessAdmin(TenantAdmin):
    list_display = ["name", "name_kana", "district", "industry", "employees", "is_small"]
    list_filter = ["industry", "is_small", "is_member"]
    search_fields = ["name", "name_kana", "corporate_number"]
    list_select_related = ["district"]
    readonly_fields = ["is_small", "is_sme"]

    # Changes made here are audited like those made in the product's own screens.
    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.organization_id = request.user.organization_id
        if change:
            services.update_business(obj, actor=request.user)
        else:
            services.create_business(obj, actor=request.user)

    def delete_model(self, request, obj):
        services.delete_business(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for business in queryset:
            services.delete_business(business, actor=request.user)


@admin.register(BusinessAssignment, site=site)
class BusinessAssignmentAdmin(TenantAdmin):
    list_display = ["business", "expert", "assigned_on"]
    raw_id_fields = ["business"]
