"""Forms of the meeting register, publications, staff development and the guide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bansou.accounts.models import User
from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.forms import TenantFormMixin
from bansou.core.versioning import VersionedFormMixin
from bansou.lib.eras import fiscal_year_label

from .models import (
    Conference,
    Meeting,
    MeetingKind,
    OjtPair,
    Publication,
    ReviewDecision,
    Training,
)


def _staff(organization):
    return User.objects.filter(organization=organization, is_active=True).order_by("username")


class MeetingForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    held_on = JapaneseDateField(label=_("held on"))
    head_count = JapaneseIntegerField(
        label=_("head count"), min_value=0, max_value=32767, required=False
    )

    class Meta:
        model = Meeting
        fields = [
            "kind", "title", "held_on", "venue", "participants", "head_count", "agenda",
            "minutes", "decisions", "committee_meeting",
        ]  # fmt: skip
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("participants", "agenda", "minutes", "decisions")
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        from bansou.committee.models import CommitteeMeeting

        field = self.fields["committee_meeting"]
        field.queryset = CommitteeMeeting.objects.filter(organization=organization)
        field.empty_label = _("(none)")
        field.help_text = _("For an evaluation committee: its meeting in the committee screens.")


class ReviewDecisionForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    row_key = forms.ChoiceField(label=_("plan row"))
    due_on = JapaneseDateField(label=_("by when"))

    class Meta:
        model = ReviewDecision
        fields = ["row_key", "change", "responsible", "due_on"]
        widgets = {"change": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["row_key"].choices = [(r["key"], r["title"]) for r in rows]


class PublicationForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    published_on = JapaneseDateField(label=_("published on"))

    class Meta:
        model = Publication
        fields = ["kind", "title", "subject", "medium", "published_on", "url", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class ConferenceForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    held_on = JapaneseDateField(label=_("held on"))
    record_ids = forms.CharField(
        label=_("cases discussed (support record numbers)"),
        required=False,
        help_text=_("Numbers of the support records studied, separated by commas."),
    )

    class Meta:
        model = Conference
        fields = ["title", "format", "held_on", "summary", "attendees"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["attendees"].queryset = _staff(organization)
        if self.instance.pk:
            ids = self.instance.records.values_list("pk", flat=True)
            self.initial["record_ids"] = ", ".join(str(pk) for pk in ids)

    def clean_record_ids(self):
        from bansou.support.models import SupportRecord

        text = (self.cleaned_data.get("record_ids") or "").replace("、", ",")
        ids = []
        for part in text.split(","):
            part = part.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(_("Give support record numbers only."))
            ids.append(int(part))
        found = set(
            SupportRecord.objects.filter(organization=self.organization, pk__in=ids).values_list(
                "pk", flat=True
            )
        )
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise forms.ValidationError(
                _("No support record numbered %(ids)s.") % {"ids": ", ".join(missing)}
            )
        return sorted(found)


class TrainingForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    held_on = JapaneseDateField(label=_("held on"))

    class Meta:
        model = Training
        fields = ["kind", "title", "provider", "held_on", "hours", "attendees", "note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["attendees"].queryset = _staff(organization)


class OjtPairForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    started_on = JapaneseDateField(label=_("started on"))
    ended_on = JapaneseDateField(label=_("ended on"), required=False)

    class Meta:
        model = OjtPair
        fields = ["mentor", "trainee", "theme", "started_on", "ended_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["mentor"].queryset = _staff(organization)
        self.fields["trainee"].queryset = _staff(organization)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mentor") and cleaned.get("mentor") == cleaned.get("trainee"):
            self.add_error("trainee", _("The trainee must be someone other than the mentor."))
        return cleaned


class GuideForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    body = forms.CharField(
        label=_("text (Markdown)"), widget=forms.Textarea(attrs={"rows": 18}), max_length=100_000
    )
    note = forms.CharField(label=_("what changed"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RegisterFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("All")), *MeetingKind.choices], required=False
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("fiscal year"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, fiscal_years=(), kinds=None, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [("", _("All")), *kinds]
        self.fields["fiscal_year"].choices = [("", _("All"))] + [
            (fy, fiscal_year_label(fy)) for fy in fiscal_years
        ]

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        if self.cleaned_data["kind"]:
            queryset = queryset.filter(kind=self.cleaned_data["kind"])
        if self.cleaned_data["fiscal_year"] is not None:
            queryset = queryset.filter(fiscal_year=self.cleaned_data["fiscal_year"])
        return queryset
