"""The Django admin, open to superusers and to each chamber's administrators for its own rows.

Who may enter is the permissions table's `SETTINGS_MANAGE` (core/permissions.py); every admin
URL records its capability so the access matrix and docs/permissions.md list it. A chamber's
administrator sees only its own chamber's rows everywhere the admin shows a row: lists, forms,
the raw-id and autocomplete widgets, "view on site", history and delete confirmations; another
chamber's object is a 404, as in the product's own screens.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext_lazy as _

from bansou.core.permissions import Capability, decided_by, has_capability

from .versioning import VERSION_FIELD, VersionedModel, VersionedModelForm


class BansouAdminSite(admin.AdminSite):
    site_header = _("bansou administration")
    site_title = _("bansou administration")
    index_title = _("Chamber settings")

    # Views open without the capability (the admin's own sign-in page).
    PUBLIC_VIEWS = frozenset({"login"})

    def has_permission(self, request) -> bool:
        from bansou.accounts.second_factor import pending

        # A session that still owes its second factor (or its set-up) never reaches the admin.
        return has_capability(request.user, Capability.SETTINGS_MANAGE) and not pending(request)

    def get_urls(self):
        urls = super().get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern) and pattern.name == "view_on_site":
                pattern.callback = self.admin_view(self.view_on_site)
        _record_capabilities(urls, self)
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut loads any object by id; here only a row the user's admin lists."""
        from django.contrib.contenttypes import views as contenttype_views

        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model = content_type.model_class() if content_type else None
        if model is None or not self.is_registered(model):
            raise Http404
        model_admin = self.get_model_admin(model)
        if not model_admin.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)


def _record_capabilities(patterns, site: BansouAdminSite, model_admin=None) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _record_capabilities(pattern.url_patterns, site, model_admin)
        elif isinstance(pattern, URLPattern):
            admin_of = getattr(pattern.callback, "model_admin", None) or model_admin
            if pattern.name in site.PUBLIC_VIEWS:
                capability = Capability.PUBLIC
            elif admin_of is not None:
                capability = admin_of.capability
            else:
                capability = Capability.SETTINGS_MANAGE
            pattern.callback = decided_by(capability, pattern.callback)


site = BansouAdminSite(name="admin")


class OrgAdminPermissions:
    """A chamber's administrator manages its own rows without per-model Django permissions."""

    # What the model's admin screens need (the audit log: AUDIT_READ).
    capability = Capability.SETTINGS_MANAGE

    def _allowed(self, request) -> bool:
        return has_capability(request.user, Capability.SETTINGS_MANAGE) and has_capability(
            request.user, self.capability
        )

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

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "doesn't exist"; another chamber's row is a 404,
        # like everywhere else, so the admin cannot be used to probe which ids exist.
        raise Http404

    def get_urls(self):
        # Each URL of this model's admin records its capability (read by BansouAdminSite).
        urls = super().get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback.model_admin = self
        return urls


class TenantRawIdWidget(ForeignKeyRawIdWidget):
    """The raw-id widget names the chosen row; Django looks it up among all rows of the model,
    which shows another chamber's business by its id. This one looks within the field's rows."""

    def __init__(self, rel, admin_site, queryset, **kwargs):
        self.queryset = queryset
        super().__init__(rel, admin_site, **kwargs)

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        if not self.queryset.filter(**{key: value}).exists():
            return "", ""
        return super().label_and_url_for_value(value)


# Never written to the audit trail as values: a changed password shows as changed.
SECRET_FIELDS = frozenset({"password"})
HIDDEN = "********"


def _audited_fields(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.name not in ("created_at", "updated_at", "last_login", "lock_version")
    ]


def _values(obj) -> dict:
    from bansou.audit.services import display_value

    return {f.name: display_value(obj, f) for f in _audited_fields(type(obj))}


def _admin_changes(obj, before: dict, after: dict, form=None) -> dict:
    """Old → new for every stored field that changed, and for many-to-many fields the form
    changed (their values as the form showed them)."""
    from bansou.audit.services import diff

    changes = diff(obj, before, after)
    for name in SECRET_FIELDS & changes.keys():
        changes[name]["old"], changes[name]["new"] = HIDDEN, HIDDEN
    if form is not None:
        for name in form.changed_data:
            field = form.fields.get(name)
            model_field = next((f for f in obj._meta.many_to_many if f.name == name), None)
            if field is None or model_field is None:
                continue
            old = ", ".join(str(o) for o in form.initial.get(name) or [])
            new = ", ".join(str(o) for o in form.cleaned_data.get(name) or [])
            changes[name] = {"label": str(model_field.verbose_name), "old": old, "new": new}
    return changes


class AuditedAdminMixin:
    """Every add, change and delete made in the admin writes an audit entry with the old and
    new values (Django's own LogEntry keeps only a message). Admins whose models have
    services that log (BusinessAdmin) call those instead and log through them."""

    def _stored(self, obj):
        if obj.pk is None:
            return None
        return type(obj)._default_manager.filter(pk=obj.pk).first()

    def save_model(self, request, obj, form, change):
        from bansou.audit.services import log_action

        stored = self._stored(obj) if change else None
        before = _values(stored) if stored is not None else {}
        super().save_model(request, obj, form, change)
        after = _values(obj)
        verb = "updated" if change else "created"
        changes = _admin_changes(obj, before, after)
        if change and not changes and not form.changed_data:
            return
        log_action(obj, f"{obj._meta.label_lower}.{verb}", request.user, changes)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        many = [f.name for f in form.instance._meta.many_to_many]
        if change and set(many) & set(form.changed_data):
            from bansou.audit.services import log_action

            obj = form.instance
            changes = _admin_changes(obj, {}, {}, form)
            log_action(obj, f"{obj._meta.label_lower}.updated", request.user, changes)

    def delete_model(self, request, obj):
        from bansou.audit.services import log_action

        log_action(obj, f"{obj._meta.label_lower}.deleted", request.user, _deleted(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        from bansou.audit.services import log_action

        for obj in queryset:
            log_action(obj, f"{obj._meta.label_lower}.deleted", request.user, _deleted(obj))
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        from bansou.audit.services import log_action

        model = formset.model
        changed_pks = [f.instance.pk for f in formset.initial_forms if f.has_changed()]
        stored = model._default_manager.in_bulk([pk for pk in changed_pks if pk is not None])
        label = model._meta.label_lower
        for f in formset.initial_forms:
            if f.instance.pk is not None and formset._should_delete_form(f):
                log_action(f.instance, f"{label}.deleted", request.user, _deleted(f.instance))
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            log_action(obj, f"{label}.created", request.user, _admin_changes(obj, {}, _values(obj)))
        for obj, _fields in formset.changed_objects:
            before = _values(stored[obj.pk]) if obj.pk in stored else {}
            log_action(
                obj, f"{label}.updated", request.user, _admin_changes(obj, before, _values(obj))
            )


def _deleted(obj) -> dict:
    return _admin_changes(obj, _values(obj), {})


class VersionedAdmin(admin.ModelAdmin):
    """A change form of a versioned row carries its version: a save from a stale form gets the
    409 page (core/versioning.py) instead of overwriting what another administrator saved."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if issubclass(self.model, VersionedModel) and self.form is forms.ModelForm:
            kwargs.setdefault("form", VersionedModelForm)
            # The version is the form's own (hidden) field, not an editable model field.
            if "fields" not in kwargs:
                kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
            if kwargs["fields"]:
                kwargs["fields"] = [name for name in kwargs["fields"] if name != VERSION_FIELD]
        return super().get_form(request, obj, change, **kwargs)


class TenantAdmin(AuditedAdminMixin, OrgAdminPermissions, VersionedAdmin):
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

    def _own_rows(self, request, model):
        if not request.user.is_superuser and hasattr(model, "organization_id"):
            return model._default_manager.filter(organization=request.user.organization_id)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        own = self._own_rows(request, db_field.related_model)
        if own is not None:
            kwargs["queryset"] = own
        if db_field.name in self.raw_id_fields and "widget" not in kwargs:
            queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
            kwargs["widget"] = TenantRawIdWidget(
                db_field.remote_field, self.admin_site, queryset, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        own = self._own_rows(request, db_field.related_model)
        if own is not None:
            kwargs["queryset"] = own
        return super().formfield_for_manytomany(db_field, request, **kwargs)
