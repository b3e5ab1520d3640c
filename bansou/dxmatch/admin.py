"""Admin screen linking a vendor-role user to its company (the rest is in the product's screens)."""

from django.contrib import admin

from bansou.accounts.models import Role
from bansou.core.admin import TenantAdmin, site

from .models import VendorAccount


@admin.register(VendorAccount, site=site)
class VendorAccountAdmin(TenantAdmin):
    list_display = ["user", "vendor"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user":
            # Only accounts of the IT vendor role act for a vendor (permissions table).
            field.queryset = field.queryset.filter(role=Role.VENDOR)
        return field
