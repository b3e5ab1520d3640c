"""Forms of the evaluation app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.versioning import VersionedFormMixin

from .models import ItemYear


class ManualActualForm(VersionedFormMixin, forms.Form):
    recorded_on = JapaneseDateField(
        label=_("As of"), help_text=_("The date the count refers to (within the fiscal year).")
    )
    value = JapaneseIntegerField(label=_("Actual"), min_value=0)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the number comes from: minutes, a list, a file name."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ItemYearForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Carried out this year?"),
        choices=[("", _("Carried out as planned (count the actual)"))]
        + list(ItemYear.Status.choices),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the row was not carried out."),
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One remark per line; shown in the evaluation table."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ItemYear.Status.NOT_CARRIED_OUT
            and not cleaned.get("reason", "").strip()
        ):
            raise ValidationError(_("Give the reason why it was not carried out."))
        return cleaned


class PlanFileForm(forms.Form):
    file = forms.FileField(
        label=_("Plan file"), help_text=_("A plan definition in YAML (.yaml) or Excel (.xlsx).")
    )

    MAX_BYTES = 2 * 1024 * 1024

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        name = upload.name.lower()
        if not name.endswith((".yaml", ".yml", ".xlsx")):
            raise ValidationError(_("Upload a .yaml or .xlsx file."))
        return upload

    def file_format(self) -> str:
        return "xlsx" if self.cleaned_data["file"].name.lower().endswith(".xlsx") else "yaml"


class OpeningFigureForm(VersionedFormMixin, forms.Form):
    """移行前の集計値 with its evidence (the figure counted before the chamber used bansou)."""

    value = JapaneseIntegerField(label=_("Opening figure"), min_value=0)
    source_file = forms.CharField(
        label=_("Source file"),
        max_length=200,
        help_text=_("The file the figure was taken from, e.g. 令和5年度実績集計.xlsx."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the figure was counted, who counted it."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ChangeReasonForm(forms.Form):
    """Asked for when the year's committee report is confirmed: why its figures change."""

    change_reason = forms.CharField(
        label=_("Reason for changing a published year"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The committee's report of this year is confirmed and published; the change moves "
            "the live table away from it. The reason is kept in the audit log."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
