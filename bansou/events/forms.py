"""Event and participation forms, and the event list's filter (shared with its download)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.forms import TenantFormMixin
from bansou.core.versioning import VersionedFormMixin
from bansou.lib.eras import fiscal_year_label
from bansou.organizations.models import Department

from .models import Event, EventKind, EventParticipation


class EventForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    held_on = JapaneseDateField(label=_("held on"))

    class Meta:
        model = Event
        fields = ["name", "kind", "held_on", "venue", "department", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization)
        self.fields["department"].empty_label = _("(none)")


class ParticipationForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    deals_closed = JapaneseIntegerField(label=_("deals closed"), min_value=0, max_value=32767)
    new_trading_partners = JapaneseIntegerField(
        label=_("new trading partners"), min_value=0, max_value=32767
    )

    class Meta:
        model = EventParticipation
        fields = ["deals_closed", "new_trading_partners", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deals_closed"].help_text = _("成約件数: deals signed at or after the event.")
        self.fields["new_trading_partners"].help_text = _(
            "新規取引先: trading partners gained through the event."
        )
        if not self.instance.pk:
            self.initial.setdefault("deals_closed", 0)
            self.initial.setdefault("new_trading_partners", 0)


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Event name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("All")), *EventKind.choices], required=False
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
        if data["q"]:
            queryset = queryset.filter(name__icontains=data["q"].strip())
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["fiscal_year"] is not None:
            queryset = queryset.filter(fiscal_year=data["fiscal_year"])
        return queryset
