"""Forms of the import steps: upload, column mapping, commit confirmation."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bansou.core.middleware import upload_limit_bytes

from .reading import column_letter
from .registry import ImportKind, get_import_kind, import_kinds


def option_field_name(kind_code: str, name: str) -> str:
    return f"option-{kind_code}-{name}"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file contains"))
    file = forms.FileField(
        label=_("File (CSV or Excel xlsx)"),
        help_text=_("CSV in UTF-8 or Shift_JIS (CP932), or an Excel workbook (first sheet)."),
    )

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.organization = organization
        kinds = import_kinds(on_the_web=True)
        self.fields["kind"].choices = [(k.code, k.label) for k in kinds]
        # Each kind's options (survey answers: the survey and the period), asked only of the
        # kind chosen; named after the kind so that two kinds' options never collide.
        self.option_names: dict[str, dict[str, str]] = {}
        for kind in kinds:
            fields = kind.option_fields(organization) if kind.options else None
            for name, field in (fields or {}).items():
                form_name = option_field_name(kind.code, name)
                field.required = False
                field.label = f"{kind.label}: {field.label}"
                field.widget.attrs["data-import-kind"] = kind.code
                self.fields[form_name] = field
                self.option_names.setdefault(kind.code, {})[name] = form_name
        self.options: dict[str, str] = {}

    def option_fields(self):
        return [self[name] for names in self.option_names.values() for name in names.values()]

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("kind")
        kind = get_import_kind(code) if code else None
        if kind is None or not kind.options:
            return cleaned
        options = {}
        for name, form_name in self.option_names.get(code, {}).items():
            value = cleaned.get(form_name)
            value = "" if value is None else str(value).strip()
            if not value:
                self.add_error(form_name, _("Fill this in for %(kind)s.") % {"kind": kind.label})
            options[name] = value
        if not self.errors:
            for message in kind.check_options(self.organization, options):
                self.add_error(None, message)
        self.options = options
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > upload_limit_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.")
                % {"limit": settings.BANSOU_UPLOAD_MAX_MB}
            )
        return upload


class ReplaceForm(forms.Form):
    file = forms.FileField(label=_("Corrected file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)


class MappingForm(forms.Form):
    """One select per field of the kind: which column of the file carries it."""

    def __init__(self, *args, kind: ImportKind, header: list[str], mapping: dict, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.kind = kind
        choices = [("", _("(not imported)"))] + [
            (str(i), f"{column_letter(i)}: {title or '—'}") for i, title in enumerate(header)
        ]
        for column in kind.columns:
            index = mapping.get(column.field)
            self.fields[column.field] = forms.ChoiceField(
                label=column.label,
                choices=choices,
                required=False,
                initial="" if index is None else str(index),
                help_text=column.help_text,
            )
            self.fields[column.field].is_required_column = column.required

    def mapping(self) -> dict:
        return {name: (value if value != "" else None) for name, value in self.cleaned_data.items()}

    def rows(self):
        """(bound field, required?) pairs for the template."""
        return [(self[c.field], c.required) for c in self.kind.columns]


class CommitForm(forms.Form):
    accept_reviews = forms.BooleanField(
        label=_("I have checked the rows matched by name and phone; update those businesses."),
        required=False,
    )

    def __init__(self, *args, review_count: int = 0, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.review_count = review_count
        if not review_count:
            del self.fields["accept_reviews"]

    def clean(self):
        cleaned = super().clean()
        if self.review_count and not cleaned.get("accept_reviews"):
            self.add_error("accept_reviews", _("Confirm the rows matched by name and phone first."))
        return cleaned
