"""Forms of the committee screens: the meeting, its members, opinions, grade decisions."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.core.fields import JapaneseDateField
from bansou.core.forms import TenantFormMixin
from bansou.core.versioning import VersionedFormMixin
from bansou.evaluation.models import DevelopmentPlan, PlanAmendment
from bansou.lib.eras import fiscal_year_label

from .models import CommitteeMeeting, CommitteeMember, Grade, Opinion

# 11:00, 11時, 午前11時, 午後12時15分, 13時30分 (typed as in the seed: 午前11時〜午後12時15分).
_TIME_RE = re.compile(
    r"(?P<half>午前|午後|AM|PM)?(?P<hour>\d{1,2})(?:[:時](?P<minute>\d{1,2})?分?)?"
)


def parse_time(text: str) -> time:
    cleaned = unicodedata.normalize("NFKC", text).replace(" ", "").upper()
    match = _TIME_RE.fullmatch(cleaned)
    if not match:
        raise ValueError(text)
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    # 午後12時 is noon in the seed ("午前11時〜午後12時15分"): only 1–11 move by twelve hours.
    if match["half"] in ("午後", "PM") and hour < 12:
        hour += 12
    return time(hour, minute)


class JapaneseTimeField(forms.TimeField):
    widget = forms.TextInput(attrs={"placeholder": "11:00 / 午後1時30分", "inputmode": "text"})
    default_error_messages = {"invalid": _("Enter a time such as 11:00 or 午後1時30分.")}

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, time):
            return value
        try:
            return parse_time(str(value))
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def plans_of(organization):
    return DevelopmentPlan.objects.filter(organization=organization).prefetch_related(
        Prefetch("amendments", queryset=PlanAmendment.objects.order_by("amended_on", "pk"))
    )


class MeetingForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    fiscal_year = forms.TypedChoiceField(label=_("fiscal year evaluated"), coerce=int)
    held_on = JapaneseDateField(label=pgettext_lazy("committee", "date"))
    starts_at = JapaneseTimeField(label=_("starts at"))
    ends_at = JapaneseTimeField(label=_("ends at"), required=False)

    class Meta:
        model = CommitteeMeeting
        fields = ["plan", "fiscal_year", "held_on", "starts_at", "ends_at", "venue", "secretariat"]
        widgets = {"secretariat": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        plans = list(plans_of(organization))
        self.fields["plan"].queryset = plans_of(organization)
        years = sorted({year for plan in plans for year in plan.fiscal_years()}, reverse=True)
        self.fields["fiscal_year"].choices = [(y, fiscal_year_label(y)) for y in years]
        self.fields["fiscal_year"].help_text = _(
            "The committee usually meets after the year it evaluates has ended."
        )
        if self.instance.pk and self.instance.held_at:
            local = timezone.localtime(self.instance.held_at)
            self.initial.setdefault("held_on", local.date())
            self.initial.setdefault("starts_at", local.time().strftime("%H:%M"))
        if self.instance.ends_at:
            self.initial["ends_at"] = self.instance.ends_at.strftime("%H:%M")

    def clean(self):
        cleaned = super().clean()
        held_on, starts_at, ends_at = (
            cleaned.get("held_on"),
            cleaned.get("starts_at"),
            cleaned.get("ends_at"),
        )
        if held_on and starts_at:
            self.instance.held_at = timezone.make_aware(datetime.combine(held_on, starts_at))
            if ends_at and ends_at <= starts_at:
                self.add_error("ends_at", _("The meeting must end after it starts."))
        plan, year = cleaned.get("plan"), cleaned.get("fiscal_year")
        if plan and year and year not in plan.fiscal_years():
            self.add_error("fiscal_year", _("The plan does not cover this fiscal year."))
        return cleaned


class MemberForm(TenantFormMixin, forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["title", "name", "is_chair"]


class OpinionForm(TenantFormMixin, forms.ModelForm):
    section_number = forms.TypedChoiceField(
        label=pgettext_lazy("committee", "on"), coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = Opinion
        fields = ["section_number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_number"].choices = [("", _("The whole plan"))] + [
            (section["number"], f"{section['number']}. {section['title']}") for section in sections
        ]


class DecisionForm(VersionedFormMixin, forms.Form):
    decided_grade = forms.ChoiceField(
        label=pgettext_lazy("committee", "grade"), choices=Grade.choices
    )
    reason = forms.CharField(
        label=pgettext_lazy("committee", "reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the grade differs from the computed one."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
