"""Admin screens for the chamber's users."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from bansou.core.admin import AuditedAdminMixin, OrgAdminPermissions, site
from bansou.core.permissions import Capability, roles_with

from .models import User


@admin.register(User, site=site)
class UserAdmin(AuditedAdminMixin, OrgAdminPermissions, BaseUserAdmin):
    list_display = ["username", "display_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Chamber"), {"fields": ("organization", "role", "display_name")}),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(organization=request.user.organization_id)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("organization", "is_superuser", "user_permissions", "groups", "last_login")

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.organization_id = request.user.organization_id
            obj.is_superuser = False
        obj.is_staff = obj.is_superuser or obj.role in roles_with(Capability.SETTINGS_MANAGE)
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        """The admin's own password form saves without save_model: log a set password."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            from bansou.audit.services import log_action

            user = self.get_queryset(request).filter(pk=id).first()
            if user is not None:
                log_action(user, "accounts.user.password_set", request.user)
        return response
