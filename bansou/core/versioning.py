"""Optimistic locking: a save that started from an old version of a row is refused, not applied.

Every row with an edit form carries `lock_version`. The form sends the version the user loaded
back as a hidden field; the save is one `UPDATE … SET lock_version = v + 1 … WHERE pk = ? AND
lock_version = v`, so of two people who opened the same record the second to save matches no
row and gets `VersionConflict` (a 409 page showing both versions, conflict_views.py) instead of
silently reverting the first's change. Checking and writing in one statement closes the race a
"read, compare, then save" would leave open. The field is not called `version`: a motivation
check's `version` is its questionnaire version.

django-concurrency does this too, but 2.8 declares support up to Django 5.2/6.0, not 6.1, and
it wraps `Model._do_update`, whose contract changed in 6.x (it now returns the RETURNING rows);
the mechanism below is the same idea in a few lines against the 6.1 signature, with tests.
"""

from contextvars import ContextVar

from django import forms
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "lock_version"

# The edit forms validated in this request, by (model label, pk): the 409 page shows the user's
# form again even when the service saved a freshly locked copy of the row. Set per request by
# VersionConflictMiddleware; None outside a request (commands, imports).
edit_forms: ContextVar[dict | None] = ContextVar("edit_forms", default=None)


def form_for(instance: models.Model):
    forms_seen = edit_forms.get()
    return forms_seen.get((instance._meta.label_lower, instance.pk)) if forms_seen else None


class VersionConflict(Exception):
    """A save from a stale version: someone else saved the row (or deleted it) since it was read.

    Deliberately not a DomainError: views that turn DomainError into a form message must let
    this one through to the 409 page (VersionConflictMiddleware).
    """

    def __init__(self, instance: models.Model, expected: int) -> None:
        super().__init__(
            f"{instance._meta.label} {instance.pk}: version {expected} is no longer current"
        )
        self.instance = instance
        self.expected = expected


class VersionedModel(models.Model):
    """A row saved only from the version it was read at; each save raises the version by one.

    Only rows read from the database are checked (`_state.adding` is False); an instance built
    with an explicit primary key saves as Django always does. Code that writes with
    `QuerySet.update()` or `bulk_update()` bypasses save(): it must raise the version itself
    (`next_version()` / `bump_versions()`), so a form opened before it cannot overwrite it.
    """

    lock_version = models.PositiveIntegerField(_("record version"), default=1, editable=False)

    class Meta:
        abstract = True

    def _do_update(
        self, base_qs, using, pk_val, values, update_fields, forced_update, returning_fields
    ):
        field = self._meta.get_field(VERSION_FIELD)
        if self._state.adding or field.model._meta.concrete_model is not base_qs.model:
            return super()._do_update(
                base_qs, using, pk_val, values, update_fields, forced_update, returning_fields
            )
        expected = self.lock_version
        values = [value for value in values if value[0] is not field]
        values.append((field, None, expected + 1))
        results = super()._do_update(
            base_qs.filter(**{VERSION_FIELD: expected}),
            using,
            pk_val,
            values,
            update_fields,
            forced_update,
            returning_fields,
        )
        if not results:
            # Zero rows: the version moved on, or the row was deleted meanwhile. Either way a
            # save would overwrite (or resurrect) what another user did.
            raise VersionConflict(self, expected)
        self.lock_version = expected + 1
        return results


def next_version():
    """The value to set in `QuerySet.update(...)` so that the rows it changes count as edited."""
    return F(VERSION_FIELD) + 1


def bump_versions(instances) -> list[str]:
    """Before `bulk_update(instances, fields)`: raise each version; returns the field to add.

    The new value is computed by the database (imports build some instances without reading
    the row, so their own lock_version is not the stored one); the instances are not saved
    again afterwards.
    """
    for instance in instances:
        setattr(instance, VERSION_FIELD, next_version())
    return [VERSION_FIELD]


def version_form_field(*, required: bool = True, initial=None) -> forms.IntegerField:
    message = _("The page's version is not valid. Open the record again.")
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        required=required,
        initial=initial,
        error_messages={
            "required": _(
                "This page does not say which version of the record it shows. "
                "Open the record again and enter your changes."
            ),
            "invalid": message,
            "min_value": message,
        },
    )


class VersionedFormMixin:
    """An edit form carries the version the page was built from, as a hidden field.

    For a ModelForm the version is the instance's; a plain form names the row it edits with
    `versioned=`. On a valid POST the posted version is put on that row, so the service's save
    is conditional on it. A form for a new row has no version field.
    """

    def __init__(self, *args, versioned: models.Model | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        record = versioned if versioned is not None else getattr(self, "instance", None)
        editing = (
            record is not None
            and hasattr(record, VERSION_FIELD)
            and record.pk is not None
            and not record._state.adding
        )
        self.versioned_record = record if editing else None
        if editing:
            self.fields[VERSION_FIELD] = version_form_field(initial=record.lock_version)
        elif VERSION_FIELD in self.fields:
            # Declared on the class (the admin lists its form's fields): an add form has none.
            self.fields[VERSION_FIELD].required = False

    def clean(self):
        cleaned = super().clean()
        if VERSION_FIELD in self._errors:
            # A hidden field's error would show nowhere: say it above the form.
            for message in self._errors.pop(VERSION_FIELD):
                self.add_error(None, message)
        record = self.versioned_record
        if record is not None and cleaned.get(VERSION_FIELD) is not None:
            record.lock_version = cleaned[VERSION_FIELD]
            forms_seen = edit_forms.get()
            if forms_seen is not None:
                forms_seen[(record._meta.label_lower, record.pk)] = self
        return cleaned


class VersionedModelForm(VersionedFormMixin, forms.ModelForm):
    """The admin's change form: the version is declared so that the admin's fieldsets show it."""

    lock_version = version_form_field(required=False)
