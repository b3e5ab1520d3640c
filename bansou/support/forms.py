"""The support record form (カルテ) and the filter forms of the list and the knowledge search."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bansou.accounts.models import User
from bansou.businesses.industries import Industry
from bansou.businesses.models import Business
from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.forms import TenantFormMixin
from bansou.core.permissions import Capability, roles_with
from bansou.core.versioning import VersionedFormMixin
from bansou.lib.eras import fiscal_year, fiscal_year_label
from bansou.lib.ids import parse_id

from .choices import Channel, Theme
from .models import LOCAL_TZ, NARRATIVE_FIELDS, SupportRecord
from .services import today

MAX_DURATION_MINUTES = 24 * 60
FISCAL_YEARS_OFFERED = 10


class SupportRecordForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    business = forms.ModelChoiceField(
        label=_("business"),
        queryset=Business.objects.none(),
        error_messages={"invalid_choice": _("Choose a business from the search results.")},
    )
    occurred_on = JapaneseDateField(label=_("date"))
    occurred_time = forms.TimeField(
        label=_("time of day"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Leave empty when the time is not known."),
    )
    duration_minutes = JapaneseIntegerField(
        label=_("duration (minutes)"),
        required=False,
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
    )
    themes = forms.MultipleChoiceField(
        label=_("themes"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    next_action_due = JapaneseDateField(label=_("next action due"), required=False)

    class Meta:
        model = SupportRecord
        fields = [
            "channel",
            "duration_minutes",
            *NARRATIVE_FIELDS,
            "next_action",
            "next_action_due",
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 3}) for name in NARRATIVE_FIELDS},
            "next_action": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = [
        "business",
        "occurred_on",
        "occurred_time",
        "channel",
        "duration_minutes",
        "themes",
        *NARRATIVE_FIELDS,
        "next_action",
        "next_action_due",
    ]

    def __init__(self, *args, organization, user, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["channel"].choices = Channel.choices  # no empty choice: it is required
        field = self.fields["business"]
        if self.instance.pk:
            # A record stays with its business; the facts captured then stay too (records.py).
            del self.fields["business"]
            occurred = self.instance.occurred_at.astimezone(LOCAL_TZ)
            self.initial.setdefault("occurred_on", occurred.date())
            if self.instance.time_known:
                self.initial.setdefault("occurred_time", occurred.time().replace(second=0))
            self.initial.setdefault(
                "themes", list(self.instance.themes.values_list("theme", flat=True))
            )
        else:
            field.queryset = Business.objects.for_user(user)
            self._limit_business_choices(field)

    def _limit_business_choices(self, field) -> None:
        """Render only the chosen business: the chamber has thousands (15,000 in Kawaguchi),
        so the others arrive through the search (support:business_options)."""
        chosen = self.data.get("business") if self.is_bound else self.initial.get("business")
        if isinstance(chosen, Business):
            chosen = chosen.pk
        options = [("", _("Search for the business above"))]
        if (chosen_pk := parse_id(chosen)) is not None:
            options += [(b.pk, str(b)) for b in field.queryset.filter(pk=chosen_pk)]
        field.widget.choices = options

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value and value > today():
            raise ValidationError(
                _("The support cannot be in the future (today is %(today)s).")
                % {"today": today().strftime("%Y-%m-%d")},
                code="future",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("occurred_on")
        due = cleaned.get("next_action_due")
        if day and due and due < day:
            self.add_error(
                "next_action_due",
                _("The next action cannot be due before the day of the support."),
            )
        if due and not (cleaned.get("next_action") or "").strip():
            self.add_error("next_action", _("Describe the next action that is due."))
        if not any((cleaned.get(name) or "").strip() for name in NARRATIVE_FIELDS):
            raise ValidationError(
                _(
                    "Write at least one of business condition, current issues, analysis, "
                    "support given and approach."
                ),
                code="empty",
            )
        if day:
            moment = datetime.combine(day, cleaned.get("occurred_time") or time(0, 0))
            cleaned["occurred_at"] = moment.replace(tzinfo=LOCAL_TZ)
            cleaned["time_known"] = cleaned.get("occurred_time") is not None
        return cleaned

    def apply_to_instance(self) -> SupportRecord:
        """The instance with the cleaned values (including occurred_at), not yet saved."""
        record = self.save(commit=False)
        record.occurred_at = self.cleaned_data["occurred_at"]
        record.time_known = self.cleaned_data["time_known"]
        return record


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0)).replace(tzinfo=LOCAL_TZ)


def fiscal_year_choices() -> list[tuple[str, str]]:
    current = fiscal_year(today())
    return [
        (str(fy), fiscal_year_label(fy))
        for fy in range(current, current - FISCAL_YEARS_OFFERED, -1)
    ]


class _FilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All")), *fiscal_year_choices()]

    def value(self, name: str):
        return self.cleaned_data.get(name) if self.is_valid() else None


class RecordFilterForm(_FilterForm):
    """What the record list shows and what its download contains: one filter for both."""

    mine = forms.BooleanField(label=_("Only mine"), required=False)
    staff = forms.ModelChoiceField(
        label=_("staff in charge"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    channel = forms.ChoiceField(
        label=_("channel"), choices=[("", _("All")), *Channel.choices], required=False
    )
    theme = forms.ChoiceField(
        label=_("theme"), choices=[("", _("All")), *Theme.choices], required=False
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("fiscal year"), coerce=int, empty_value=None, required=False
    )
    date_from = JapaneseDateField(label=_("from"), required=False)
    date_to = JapaneseDateField(label=_("to"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["staff"].queryset = User.objects.filter(
            organization=user.organization_id, role__in=roles_with(Capability.RECORDS_READ)
        ).order_by("username")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned

    def apply(self, queryset):
        from .search import filter_records

        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        queryset = filter_records(
            queryset,
            theme=data["theme"],
            channel=data["channel"],
            fiscal_year=data["fiscal_year"],
        )
        if data["mine"]:
            queryset = queryset.filter(staff=self.user)
        elif data["staff"]:
            queryset = queryset.filter(staff=data["staff"])
        # On occurred_at (local midnights), not occurred_on: the (organization, occurred_at)
        # index then serves both the period and the newest-first order.
        if data["date_from"]:
            queryset = queryset.filter(occurred_at__gte=local_midnight(data["date_from"]))
        if data["date_to"]:
            queryset = queryset.filter(
                occurred_at__lt=local_midnight(data["date_to"] + timedelta(days=1))
            )
        return queryset


class KnowledgeSearchForm(_FilterForm):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    theme = forms.ChoiceField(
        label=_("theme"), choices=[("", _("All")), *Theme.choices], required=False
    )
    channel = forms.ChoiceField(
        label=_("channel"), choices=[("", _("All")), *Channel.choices], required=False
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("fiscal year"), coerce=int, empty_value=None, required=False
    )
    industry = forms.ChoiceField(
        label=_("industry"), choices=[("", _("All")), *Industry.choices], required=False
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "theme": data["theme"],
            "channel": data["channel"],
            "fiscal_year": data["fiscal_year"],
            "industry": data["industry"],
        }

    def query(self) -> str:
        return (self.value("q") or "").strip()
