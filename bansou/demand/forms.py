"""Forms: the survey's settings, a question of the builder, the feedback, and the answer form
built from the questions (the public form and staff entry share it)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.forms import TenantFormMixin
from bansou.core.versioning import VersionedFormMixin
from bansou.events.models import Event
from bansou.partners.models import Expert

from . import limits
from .models import DemandSurvey, Question, QuestionKind


class SurveyForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    opens_on = JapaneseDateField(label=_("answers accepted from"))
    closes_on = JapaneseDateField(label=_("answers accepted until"), required=False)
    target_responses = JapaneseIntegerField(label=_("target responses"), min_value=1,
                                            max_value=10000, initial=50)  # fmt: skip
    max_responses = JapaneseIntegerField(label=_("response cap"), min_value=1, max_value=10000,
                                         initial=300)  # fmt: skip

    class Meta:
        model = DemandSurvey
        fields = [
            "product_name", "channel", "event", "current_phase", "target_responses",
            "max_responses", "opens_on", "closes_on", "asks_personal_data", "intro",
        ]  # fmt: skip
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(organization=organization).order_by(
            "-held_on"
        )
        self.fields["event"].required = False

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date is before the opening date."))
        target, cap = cleaned.get("target_responses"), cleaned.get("max_responses")
        if target and cap and cap < target:
            self.add_error(
                "max_responses",
                _("The response cap is smaller than the target number of responses."),
            )
        return cleaned


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "kind", "low_label", "high_label", "options", "required", "phase",
                  "position"]  # fmt: skip
        widgets = {"options": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"options": _("One choice per line (single and multiple choice).")}

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == QuestionKind.SCALE and not (
            cleaned.get("low_label") and cleaned.get("high_label")
        ):
            self.add_error("low_label", _("Give the labels of both ends of the scale."))
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            options = [o.strip() for o in (cleaned.get("options") or "").splitlines() if o.strip()]
            if len(options) < 2:
                self.add_error("options", _("Give at least two choices, one per line."))
        return cleaned


class FeedbackForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    feedback_on = JapaneseDateField(label=_("feedback given on"), required=False)
    upload = forms.FileField(label=_("analysis file"), required=False)

    class Meta:
        model = DemandSurvey
        fields = ["expert", "analysis", "feedback_on"]
        widgets = {"analysis": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["expert"].queryset = Expert.objects.filter(
            organization=organization, is_active=True
        ).order_by("name")
        self.fields["expert"].required = False


class PlansForm(forms.Form):
    plans = forms.ModelMultipleChoiceField(
        label=_("business plans citing it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        from bansou.business_plans.models import BusinessPlan

        self.fields["plans"].queryset = BusinessPlan.objects.filter(
            organization=survey.organization_id, business=survey.business_id
        ).order_by("-started_on", "-pk")


ERRORS = {
    "required": _("Answer this question."),
    "invalid_choice": _("Choose among the answers shown."),
    "max_length": _("Write at most 2,000 characters."),
}


class AnswerForm(forms.Form):
    """One respondent's answers: a field per question (`q<pk>`), a row of five buttons for a
    scale, radio buttons or check boxes for choices, a text area for free text."""

    def __init__(self, *args, questions, personal: bool = False, honeypot: bool = True, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            name = f"q{q.pk}"
            common = {"label": q.text, "required": q.required, "error_messages": ERRORS}
            if q.kind == QuestionKind.SCALE:
                choices = [(str(v), str(v)) for v in range(1, 6)]
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
                field.low_label, field.high_label = q.low_label, q.high_label
            elif q.kind == QuestionKind.SINGLE:
                choices = [(o, o) for o in q.option_list]
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
            elif q.kind == QuestionKind.MULTIPLE:
                choices = [(o, o) for o in q.option_list]
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, **common
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common
                )
            field.kind = q.kind
            self.fields[name] = field
        if personal:
            self.fields["respondent_name"] = forms.CharField(
                label=_("Your name (optional)"), required=False, max_length=100
            )
            self.fields["respondent_contact"] = forms.CharField(
                label=_("Contact: e-mail or telephone (optional)"), required=False, max_length=200
            )
        if honeypot:
            # Hidden by the stylesheet and from screen readers; people leave it empty.
            self.fields[limits.HONEYPOT_FIELD] = forms.CharField(
                label=_("Leave this field empty"),
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            )
            self.fields[limits.HONEYPOT_FIELD].honeypot = True

    def is_bot(self) -> bool:
        return bool((self.data.get(limits.HONEYPOT_FIELD) or "").strip())

    def values(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]
