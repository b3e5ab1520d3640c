"""Forms: a new round, the report (commentary and publication), and one business's answers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bansou.core.errors import DomainError
from bansou.core.fields import JapaneseDateField
from bansou.core.versioning import VersionedFormMixin

from . import di
from .models import Channel, Survey, SurveyItem, SurveyRound
from .periods import parse_period


class RoundForm(forms.Form):
    period = forms.CharField(
        label=_("period"), max_length=10, help_text=_("2024-05 for a month, 2024Q2 for a quarter")
    )
    conducted_on = JapaneseDateField(label=_("conducted on"), required=False)

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey

    def clean_period(self) -> str:
        try:
            return parse_period(self.cleaned_data["period"], self.survey.period_cadence).code
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


class SurveyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["code", "name", "cadence", "panel_size", "description", "sort_order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"code": _("Letters, digits and hyphens: sme, lobo, closeup …")}


class ItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SurveyItem
        fields = [
            "name", "kind", "plus_word", "neutral_word", "minus_word",
            "favourable_when_rising", "basis", "group", "sort_order",
        ]  # fmt: skip
        help_texts = {
            "plus_word": _("The answer counted as plus: 好転, 増加, 上昇 or 過剰."),
            "minus_word": _("The answer counted as minus: 悪化, 減少, 低下 or 不足."),
            "favourable_when_rising": _(
                "Untick for items where a rising DI is bad news (仕入単価 上昇, 従業員 過剰)."
            ),
        }


class PanelSearchForm(forms.Form):
    q = forms.CharField(label=_("business name, kana or 法人番号"), max_length=100, required=False)


class ReportForm(VersionedFormMixin, forms.ModelForm):
    published_on = JapaneseDateField(label=_("published on"), required=False)

    class Meta:
        model = SurveyRound
        fields = ["title", "commentary", "published", "published_on"]
        widgets = {"commentary": forms.Textarea(attrs={"rows": 8})}


def _choices(item) -> list[tuple[str, str]]:
    return [
        (di.PLUS, item.plus_word),
        (di.NEUTRAL, item.neutral_word),
        (di.MINUS, item.minus_word),
        (di.NOT_APPLICABLE, di.NOT_APPLICABLE_WORDS[0]),
    ]


class AnswerForm(forms.Form):
    """One business's answers: a row of radio buttons per item (phone-friendly), then text."""

    channel = forms.ChoiceField(
        label=_("how answered"),
        choices=[(c, label) for c, label in Channel.choices if c not in ("import", "link")],
        initial=Channel.PHONE,
    )
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items, public: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        if public:
            del self.fields["channel"]
        for item in items:
            name = f"item_{item.pk}"
            if item.is_choice:
                self.fields[name] = forms.ChoiceField(
                    label=item.name,
                    choices=_choices(item),
                    widget=forms.RadioSelect(attrs={"class": "survey-choice"}),
                    required=False,
                    help_text=item.get_basis_display(),
                )
            else:
                self.fields[name] = forms.CharField(
                    label=item.name,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        self.order_fields([f"item_{i.pk}" for i in items] + ["comment", "channel"])

    def answers(self) -> dict:
        return {item: self.cleaned_data.get(f"item_{item.pk}") or "" for item in self.items}
