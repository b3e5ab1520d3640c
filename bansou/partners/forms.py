"""Forms of partners, experts, referrals, cases and visits.

Choices (partners, experts, staff, programmes, linked records) are limited to the user's chamber
and the case's business: a forged id fails as an invalid choice with a message that says so.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from bansou.accounts.models import Role, User
from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.forms import TenantFormMixin
from bansou.core.permissions import Capability, roles_with
from bansou.core.versioning import VersionedFormMixin
from bansou.lib.eras import fiscal_year_label

from .models import (
    DispatchCase,
    DispatchProgramme,
    DispatchVisit,
    Expert,
    Outcome,
    Partner,
    PartnerContact,
    PartnerKind,
    Referral,
    ReferralStatus,
    VisitStatus,
)

REPORT_FILE_MAX_MB = 20


def staff_users(organization):
    return User.objects.filter(
        organization=organization,
        is_active=True,
        role__in=roles_with(Capability.RECORDS_WRITE),
    ).order_by("display_name", "pk")


def _limit(field, queryset, message) -> None:
    field.queryset = queryset
    field.error_messages = {**field.error_messages, "invalid_choice": message}


def _staff_field(form, name: str, organization) -> None:
    _limit(
        form.fields[name],
        staff_users(organization),
        _("Choose a staff member of this chamber."),
    )


def _expert_field(form, name: str, organization) -> None:
    _limit(
        form.fields[name],
        Expert.objects.filter(organization=organization, is_active=True),
        _("Choose an expert of this chamber."),
    )


def _programme_field(form, name: str, organization) -> None:
    _limit(
        form.fields[name],
        DispatchProgramme.objects.filter(organization=organization, is_active=True),
        _("Choose a programme of this chamber."),
    )


class PartnerForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    joined_on = JapaneseDateField(label=_("agreement signed on"), required=False)

    class Meta:
        model = Partner
        fields = ["name", "kind", "joined_on", "is_active", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class ContactForm(TenantFormMixin, forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["name", "title", "phone", "email"]


class ExpertForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    class Meta:
        model = Expert
        fields = [
            "name",
            "kind",
            "specialty",
            "specialty_detail",
            "partner",
            "user",
            "is_active",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        _limit(
            self.fields["partner"],
            Partner.objects.filter(organization=organization),
            _("Choose a partner of this chamber."),
        )
        self.fields["partner"].empty_label = _("(none)")
        _limit(
            self.fields["user"],
            User.objects.filter(organization=organization, role=Role.EXPERT, is_active=True),
            _("Choose an expert account of this chamber."),
        )
        self.fields["user"].empty_label = _("(no account)")
        self.fields["user"].help_text = _(
            "An expert who signs in sees only the businesses of their own cases."
        )


class ProgrammeForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    max_visits = JapaneseIntegerField(
        label=_("visit cap"), required=False, min_value=1, max_value=99
    )

    class Meta:
        model = DispatchProgramme
        fields = ["name", "max_visits", "description", "is_active", "sort_order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_visits"].help_text = _(
            "The highest visit number a case may book under this programme; empty: no cap."
        )


class ReferralForm(TenantFormMixin, forms.ModelForm):
    referred_on = JapaneseDateField(label=_("requested on"))

    class Meta:
        model = Referral
        fields = ["partner", "partner_contact", "referred_on", "need"]
        widgets = {"need": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        _limit(
            self.fields["partner"],
            Partner.objects.filter(organization=organization, is_active=True),
            _("Choose a partner of this chamber."),
        )
        self.fields["partner_contact"].help_text = _("The branch and person who asked.")


class AcceptForm(TenantFormMixin, forms.ModelForm):
    """The coordinator's acceptance: the case opens with these."""

    opened_on = JapaneseDateField(label=_("accepted on"))
    next_step_on = JapaneseDateField(label=_("next step by"), required=False)

    class Meta:
        model = DispatchCase
        fields = [
            "opened_on",
            "coordinator",
            "staff",
            "expert",
            "programme",
            "next_step",
            "next_step_on",
        ]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        _staff_field(self, "coordinator", organization)
        _staff_field(self, "staff", organization)
        _expert_field(self, "expert", organization)
        _programme_field(self, "programme", organization)
        self.fields["expert"].empty_label = _("(after the pre-hearing)")
        self.fields["programme"].empty_label = _("(after the pre-hearing)")


class DeclineForm(forms.Form):
    decided_on = JapaneseDateField(label=_("decided on"))
    reason = forms.CharField(
        label=_("reason for declining"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)


class CaseForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    """Assign staff and expert, move the case to another programme, set the next step."""

    next_step_on = JapaneseDateField(label=_("next step by"), required=False)

    class Meta:
        model = DispatchCase
        fields = ["staff", "expert", "programme", "next_step", "next_step_on", "need"]
        widgets = {"need": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        _staff_field(self, "staff", organization)
        _expert_field(self, "expert", organization)
        _programme_field(self, "programme", organization)
        self.fields["expert"].empty_label = _("(not assigned)")
        self.fields["programme"].empty_label = _("(pre-hearing only)")


class CloseForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    closed_on = JapaneseDateField(label=_("case closed on"))

    class Meta:
        model = DispatchCase
        fields = ["outcome", "closed_on", "outcome_note"]
        widgets = {"outcome_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
        self.fields["outcome"].choices = Outcome.choices


class BookVisitForm(forms.Form):
    PRE_HEARING, VISIT = "pre_hearing", "visit"
    kind = forms.ChoiceField(
        label=_("visit"),
        choices=[(PRE_HEARING, _("Pre-hearing (visit 0)")), (VISIT, _("Expert visit"))],
        widget=forms.RadioSelect,
    )
    visited_on = JapaneseDateField(label=_("visit date"))
    expert = forms.ModelChoiceField(
        label=_("expert"), queryset=Expert.objects.none(), required=False
    )
    staff = forms.ModelChoiceField(label=_("accompanying staff"), queryset=User.objects.none())

    def __init__(self, *args, case: DispatchCase, fixed_expert: Expert | None = None, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        organization = case.organization_id
        _staff_field(self, "staff", organization)
        _expert_field(self, "expert", organization)
        self.fields["expert"].empty_label = _("(the case's expert)")
        self.fields["expert"].help_text = _("Leave empty for the pre-hearing by the coordinator.")
        self.initial.setdefault("kind", self.VISIT if case.programme_id else self.PRE_HEARING)
        self.initial.setdefault("staff", case.staff_id)
        self.fixed_expert = fixed_expert
        if fixed_expert is not None:
            # An expert books their own visits on their own cases only.
            del self.fields["expert"]
            self.fields["kind"].choices = [(self.VISIT, _("Expert visit"))]
            self.initial["kind"] = self.VISIT


class ReportForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    """What was done at a visit, the expert's report and the records it produced."""

    visited_on = JapaneseDateField(label=_("visit date"))
    report_upload = forms.FileField(label=_("report file"), required=False)
    remove_file = forms.BooleanField(label=_("remove the attached file"), required=False)

    class Meta:
        model = DispatchVisit
        fields = [
            "visited_on",
            "staff",
            "status",
            "work_done",
            "report",
            "analysis",
            "business_plan",
        ]
        widgets = {
            "work_done": forms.Textarea(attrs={"rows": 4}),
            "report": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        from bansou.analysis.models import BusinessAnalysis
        from bansou.business_plans.models import BusinessPlan

        visit = self.instance
        _staff_field(self, "staff", organization)
        _limit(
            self.fields["analysis"],
            BusinessAnalysis.objects.filter(organization=organization, business=visit.business_id),
            _("Choose an analysis of this business."),
        )
        _limit(
            self.fields["business_plan"],
            BusinessPlan.objects.filter(organization=organization, business=visit.business_id),
            _("Choose a plan of this business."),
        )
        self.fields["analysis"].empty_label = _("(none)")
        self.fields["business_plan"].empty_label = _("(none)")
        self.fields["status"].choices = VisitStatus.choices
        self.fields["report_upload"].help_text = _("Up to %(mb)s MB.") % {"mb": REPORT_FILE_MAX_MB}

    def clean_report_upload(self):
        upload = self.cleaned_data.get("report_upload")
        if upload and upload.size > REPORT_FILE_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": REPORT_FILE_MAX_MB}
            )
        return upload

    def save(self, commit=True):
        visit = super().save(commit=False)
        upload = self.cleaned_data.get("report_upload")
        if upload:
            visit.report_file = upload.read()
            visit.report_file_name = upload.name[:200]
            visit.report_file_type = (upload.content_type or "application/octet-stream")[:100]
        elif self.cleaned_data.get("remove_file"):
            visit.report_file, visit.report_file_name, visit.report_file_type = None, "", ""
        return visit


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("All")), *ReferralStatus.choices], required=False
    )
    partner_kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("All")), *PartnerKind.choices], required=False
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("fiscal year"), coerce=int, empty_value=None, required=False
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
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["partner_kind"]:
            queryset = queryset.filter(partner__kind=data["partner_kind"])
        if data["fiscal_year"] is not None:
            queryset = queryset.filter(fiscal_year=data["fiscal_year"])
        return queryset
