"""The business form and the list's filter form (shared by the page and its download)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.forms import TenantFormMixin
from bansou.core.versioning import VersionedFormMixin
from bansou.lib.corporate_number import CorporateNumberError, validate_corporate_number
from bansou.lib.text import (
    is_kana_reading,
    normalise_kana,
    normalise_phone,
    normalise_postal_code,
)
from bansou.organizations.models import District

from .industries import Industry, major_group_belongs_to
from .models import Business


class BusinessForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    capital = JapaneseIntegerField(label=_("capital (yen)"), required=False, min_value=0)
    employees = JapaneseIntegerField(label=_("regular employees"), required=False, min_value=0)
    founded_on = JapaneseDateField(label=_("founded on"), required=False)
    # Shown (as a checkbox) only once the view has found possible duplicates.
    confirm_duplicate = forms.BooleanField(
        label=_("I have checked the similar businesses and this is a different one."),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Business
        fields = [
            "name",
            "name_kana",
            "corporate_number",
            "representative",
            "postal_code",
            "address",
            "phone",
            "email",
            "district",
            "industry",
            "industry_major_group",
            "capital",
            "employees",
            "founded_on",
            "is_member",
            "small_override",
            "small_override_reason",
        ]
        widgets = {"small_override_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["district"].queryset = District.objects.filter(organization=organization)
        self.fields["name_kana"].help_text = _("Katakana or hiragana; stored in katakana.")
        if self.instance.pk:
            del self.fields["confirm_duplicate"]

    def ask_to_confirm_duplicates(self) -> None:
        self.fields["confirm_duplicate"].widget = forms.CheckboxInput()

    def clean_name_kana(self) -> str:
        kana = normalise_kana(self.cleaned_data["name_kana"])
        if not is_kana_reading(kana):
            raise ValidationError(_("Enter the reading in kana (katakana or hiragana)."))
        return kana

    def clean_corporate_number(self) -> str:
        value = self.cleaned_data["corporate_number"].strip()
        if not value:
            return ""
        try:
            return validate_corporate_number(value)
        except CorporateNumberError as exc:
            messages = {
                "excel_exponent": _(
                    "The corporate number was shown in Excel's exponent form and lost digits."
                ),
                "invalid_checksum": _("The check digit of this corporate number is wrong."),
            }
            message = messages.get(exc.code, _("A corporate number is 13 digits."))
            raise ValidationError(message, code=exc.code) from exc

    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"]
        if not value.strip():
            return ""
        try:
            return normalise_postal_code(value)
        except ValueError as exc:
            raise ValidationError(_("A postal code is 7 digits, e.g. 332-0012.")) from exc

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        if not value.strip():
            return ""
        try:
            return normalise_phone(value)
        except ValueError as exc:
            raise ValidationError(_("A phone number has 10 or 11 digits.")) from exc

    def clean_founded_on(self):
        value = self.cleaned_data["founded_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The founding date is in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        industry = cleaned.get("industry")
        group = (cleaned.get("industry_major_group") or "").strip()
        if group:
            group = group.zfill(2)
            if industry and not major_group_belongs_to(industry, group):
                self.add_error(
                    "industry_major_group",
                    _("Major group %(group)s does not belong to division %(division)s.")
                    % {"group": group, "division": industry},
                )
            cleaned["industry_major_group"] = group
        if (
            cleaned.get("small_override")
            and not (cleaned.get("small_override_reason") or "").strip()
        ):
            self.add_error(
                "small_override_reason",
                _("Give the reason for classifying this business by hand."),
            )
        return cleaned


class BusinessFilterForm(forms.Form):
    """What the list shows and what its download contains: one filter for both."""

    YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]
    SMALL = [*YES_NO, ("unknown", _("Unknown"))]

    q = forms.CharField(
        label=_("Name, kana, phone, corporate number, representative or address"),
        required=False,
        max_length=100,
    )
    district = forms.ModelChoiceField(
        label=_("district"), queryset=District.objects.none(), required=False, empty_label=_("All")
    )
    industry = forms.ChoiceField(
        label=_("industry"), choices=[("", _("All")), *Industry.choices], required=False
    )
    small = forms.ChoiceField(label=_("small business"), choices=SMALL, required=False)
    member = forms.ChoiceField(label=_("member"), choices=YES_NO, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["district"].queryset = District.objects.filter(organization=organization)

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.search(data["q"])
        if data["district"]:
            queryset = queryset.filter(district=data["district"])
        if data["industry"]:
            queryset = queryset.filter(industry=data["industry"])
        if data["small"] == "unknown":
            queryset = queryset.filter(is_small__isnull=True)
        elif data["small"]:
            queryset = queryset.filter(is_small=data["small"] == "yes")
        if data["member"]:
            queryset = queryset.filter(is_member=data["member"] == "yes")
        return queryset
