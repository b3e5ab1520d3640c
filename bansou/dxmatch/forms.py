"""Forms of the DX matching: vendors, needs, sending, proposals and each decision."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.analysis.models import BusinessAnalysis
from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.forms import TenantFormMixin
from bansou.core.versioning import VersionedFormMixin
from bansou.lib.eras import fiscal_year_label

from .models import ATTACHMENT_MAX_BYTES, DxNeed, DxProposal, Vendor
from .states import NeedStatus

YEN_MAX = 10**12  # a quote above a trillion yen is a typing mistake


class VendorForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    class Meta:
        model = Vendor
        fields = ["name", "kind", "contact_name", "email", "phone", "specialties", "is_member",
                  "is_active", "note"]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class NeedForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    budget = JapaneseIntegerField(label=_("budget (yen)"), required=False, min_value=0,
                                  max_value=YEN_MAX)  # fmt: skip
    proposals_due = JapaneseDateField(label=_("proposals due"), required=False)

    class Meta:
        model = DxNeed
        fields = ["title", "description", "analysis", "budget", "proposals_due"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, business, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["analysis"].queryset = BusinessAnalysis.objects.filter(
            organization=self.organization, business=business
        ).order_by("-analysed_on", "-pk")
        self.fields["analysis"].empty_label = _("(none)")
        self.fields["analysis"].help_text = _("The analysis in which the need was found.")


class SendForm(forms.Form):
    vendors = forms.ModelMultipleChoiceField(
        label=_("Send to"), queryset=Vendor.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    day = JapaneseDateField(label=_("sent on"))

    def __init__(self, *args, need: DxNeed, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["vendors"].queryset = (
            Vendor.objects.for_organization(need.organization_id)
            .filter(is_active=True)
            .exclude(recipients__need=need)
            .order_by("kind", "name")
        )
        self.initial.setdefault("day", timezone.localdate())


class ProposalForm(VersionedFormMixin, forms.ModelForm):
    amount = JapaneseIntegerField(label=_("quote (yen, tax incl.)"), min_value=0,
                                  max_value=YEN_MAX)  # fmt: skip
    monthly_fee = JapaneseIntegerField(label=_("monthly fee (yen)"), required=False, min_value=0,
                                       max_value=YEN_MAX)  # fmt: skip
    upload = forms.FileField(
        label=_("Proposal or quote file (optional)"),
        required=False,
        help_text=_("PDF, Excel or Word, up to 10 MB."),
    )

    class Meta:
        model = DxProposal
        fields = ["summary", "description", "amount", "monthly_fee"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["amount"].error_messages["min_value"] = _("The quote cannot be negative.")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is not None and upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The attached file is larger than 10 MB."))
        return upload


class _DatedForm(forms.Form):
    day = JapaneseDateField(label=_("Date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.initial.setdefault("day", timezone.localdate())


class ChooseForm(_DatedForm):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Why this proposal"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip


class DeclineForm(_DatedForm):
    reason = forms.CharField(label=_("Why none was chosen"), widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip


class QualityForm(_DatedForm):
    checker = forms.CharField(label=_("checked by (expert)"), max_length=100)
    note = forms.CharField(label=_("result of the quality check"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class FollowUpForm(_DatedForm):
    note = forms.CharField(label=_("follow-up"), widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("reason for withdrawing"), widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Need or business"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("All")), *NeedStatus.choices], required=False
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("fiscal year sent"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, fiscal_years=(), **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All"))] + [
            (fy, fiscal_year_label(fy)) for fy in fiscal_years
        ]

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            text = data["q"].strip()
            queryset = queryset.filter(title__icontains=text) | queryset.filter(
                business__name__icontains=text
            )
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["fiscal_year"] is not None:
            queryset = queryset.filter(fiscal_year=data["fiscal_year"])
        return queryset
