"""The check form (one question per item), the questionnaire editor and the queue filter."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.accounts.models import User
from bansou.core.fields import JapaneseDateField
from bansou.core.permissions import Capability, roles_with
from bansou.core.versioning import VersionedFormMixin
from bansou.organizations.models import District
from bansou.support.choices import Channel

from . import scoring
from .defaults import DEFAULT_MAX_POINTS
from .models import QuestionnaireVersion, Rank
from .services import MAX_WEIGHT, ItemDraft

ITEM_PREFIX = "item_"


class PointsField(forms.IntegerField):
    """0..max_points chosen with radio buttons; a forged value gets a clear message."""

    def __init__(self, *, max_points: int, **kwargs):
        message = _("Points must be a whole number from 0 to %(max)d.") % {"max": max_points}
        super().__init__(
            min_value=0,
            max_value=max_points,
            widget=forms.RadioSelect(choices=[(n, str(n)) for n in range(max_points + 1)]),
            error_messages={
                "required": _("Answer this question."),
                "invalid": message,
                "min_value": message,
                "max_value": message,
            },
            **kwargs,
        )


class OrganizationFormMixin:
    """Plain forms of a chamber: Japanese labels take no colon; the organization is given."""

    def __init__(self, *args, organization, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.organization = organization


class MotivationCheckForm(VersionedFormMixin, OrganizationFormMixin, forms.Form):
    checked_on = JapaneseDateField(label=_("checked on"))
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    priority = forms.BooleanField(
        label=_("raise the priority"),
        required=False,
        help_text=_("By your judgement, put this business ahead of its score in the queue."),
    )
    priority_reason = forms.CharField(
        label=_("reason for the priority"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, version: QuestionnaireVersion, initial_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(version.items.all())
        initial_points = initial_points or {}
        for item in self.items:
            name = f"{ITEM_PREFIX}{item.pk}"
            self.fields[name] = PointsField(
                max_points=item.max_points,
                label=f"{item.order}. {item.text}",
                help_text=_("weight %(weight)d") % {"weight": item.weight},
            )
            if item.pk in initial_points:
                self.initial[name] = initial_points[item.pk]

    def item_fields(self):
        return [self[f"{ITEM_PREFIX}{item.pk}"] for item in self.items]

    def detail_fields(self):
        return [self[name] for name in ("checked_on", "channel", "priority", "priority_reason")]

    def clean_checked_on(self):
        value = self.cleaned_data["checked_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The check date is in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("priority") and not (cleaned.get("priority_reason") or "").strip():
            self.add_error("priority_reason", _("Give the reason for raising the priority."))
        return cleaned

    def answers(self) -> dict:
        """The cleaned form as the keyword arguments of services.record_check/update_check."""
        data = self.cleaned_data
        return {
            "checked_on": data["checked_on"],
            "channel": data["channel"],
            "priority": data["priority"],
            "priority_reason": data["priority_reason"],
            "note": data["note"],
            "points_by_item": {item.pk: data[f"{ITEM_PREFIX}{item.pk}"] for item in self.items},
        }


class ThresholdsForm(VersionedFormMixin, OrganizationFormMixin, forms.Form):
    PERCENT = {"max_digits": 4, "decimal_places": 1}

    rank_a_min = forms.DecimalField(label=_("rank A from (%)"), **PERCENT)
    rank_b_min = forms.DecimalField(label=_("rank B from (%)"), **PERCENT)
    rank_c_min = forms.DecimalField(label=_("rank C from (%)"), **PERCENT)
    note = forms.CharField(
        label=_("what changed"),
        max_length=200,
        required=False,
        help_text=_("Kept with the new version, e.g. 'weights of the planning questions raised'."),
    )

    def clean(self):
        cleaned = super().clean()
        a, b, c = (cleaned.get(f"rank_{r}_min") for r in "abc")
        if None not in (a, b, c):
            for message in scoring.threshold_errors(a, b, c):
                self.add_error(None, message)
        return cleaned

    def thresholds(self) -> scoring.Thresholds:
        data = self.cleaned_data
        return scoring.Thresholds(a=data["rank_a_min"], b=data["rank_b_min"], c=data["rank_c_min"])


class ItemForm(forms.Form):
    text = forms.CharField(label=_("question"), max_length=200)
    weight = forms.TypedChoiceField(
        label=_("weight"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, MAX_WEIGHT + 1)],
        initial=3,
    )
    max_points = forms.IntegerField(
        label=_("maximum points"), min_value=1, max_value=10, initial=DEFAULT_MAX_POINTS
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def draft(self) -> ItemDraft:
        data = self.cleaned_data
        return ItemDraft(data["text"].strip(), data["weight"], data["max_points"])


class BaseItemFormSet(forms.BaseFormSet):
    def drafts(self) -> list[ItemDraft]:
        return [
            form.draft()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=1, can_delete=True, min_num=1, validate_min=True
)


def version_initial(version: QuestionnaireVersion) -> tuple[dict, list[dict]]:
    thresholds = {
        "rank_a_min": version.rank_a_min,
        "rank_b_min": version.rank_b_min,
        "rank_c_min": version.rank_c_min,
    }
    items = [
        {"text": item.text, "weight": item.weight, "max_points": item.max_points}
        for item in version.items.all()
    ]
    return thresholds, items


class QueueFilterForm(OrganizationFormMixin, forms.Form):
    """What the queue shows."""

    rank = forms.ChoiceField(
        label=_("rank"), choices=[("", _("All")), *Rank.choices], required=False
    )
    staff = forms.ModelChoiceField(
        label=_("staff in charge"), queryset=User.objects.none(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("district"), queryset=District.objects.none(), required=False
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("fiscal year of the check"), coerce=int, required=False, empty_value=None
    )
    include_not_counted = forms.BooleanField(
        label=_("Also show businesses the plan does not count"), required=False
    )

    def __init__(self, *args, fiscal_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        staff = self.fields["staff"]
        staff.queryset = User.objects.filter(
            organization=self.organization, role__in=roles_with(Capability.RECORDS_WRITE)
        ).order_by("username")
        staff.empty_label = _("All")
        district = self.fields["district"]
        district.queryset = District.objects.filter(organization=self.organization)
        district.empty_label = _("All")
        self.fields["fiscal_year"].choices = [("", _("All")), *fiscal_years]

    def shows_not_counted(self) -> bool:
        return self.is_valid() and self.cleaned_data["include_not_counted"]

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["rank"]:
            queryset = queryset.filter(rank=data["rank"])
        if data["staff"]:
            queryset = queryset.filter(staff=data["staff"])
        if data["district"]:
            queryset = queryset.filter(business__district=data["district"])
        if data["fiscal_year"]:
            queryset = queryset.filter(fiscal_year=data["fiscal_year"])
        return queryset
