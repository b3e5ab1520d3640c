"""The Django admin, open to superusers and to each chamber's administrators for its own rows."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class BansouAdminSite(admin.AdminSite):
    site_header = _("bansou administration")
    site_title = _("bansou administration")
    index_title = _("Chamber settings")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.is_org_admin)


site = BansouAdminSite(name="admin")


class OrgAdminPermissions:
    """A chamber's administrator manages its own rows without per-model Django permissions."""

    def _allowed(self, request) -> bool:
        return request.user.is_superuser or request.user.is_org_admin

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request, *args) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)


class TenantAdmin(OrgAdminPermissions, admin.ModelAdmin):
    """Rows of the administrator's own organization only; the organization is set, not chosen."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(organization=request.user.organization_id)

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser:
            excluded.append("organization")
        return excluded

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.organization_id = request.user.organization_id
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        if not request.user.is_superuser and hasattr(model, "organization_id"):
            kwargs["queryset"] = model._default_manager.filter(
                organization=request.user.organization_id
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
