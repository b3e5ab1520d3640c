"""The audit page's filter: one form for the list and its download."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.accounts.models import User
from bansou.core.fields import JapaneseDateField

from .labels import action_choices

TEXT_SEARCH_DAYS = 92


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def object_type_choices() -> list[tuple[str, str]]:
    found = [
        (m._meta.label_lower, str(m._meta.verbose_name))
        for m in apps.get_models()
        if m.__module__.startswith("bansou.")
    ]
    return sorted(found, key=lambda item: (item[1], item[0]))


class AuditFilterForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("user"), queryset=User.objects.none(), required=False, empty_label=_("All")
    )
    action = forms.ChoiceField(label=_("action"), required=False)
    target_type = forms.ChoiceField(label=_("object type"), required=False)
    date_from = JapaneseDateField(label=_("from"), required=False)
    date_to = JapaneseDateField(label=_("to"), required=False)
    q = forms.CharField(
        label=_("Text in the object or the changes"), required=False, max_length=100
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["user"].queryset = User.objects.filter(organization=organization)
        self.fields["action"].choices = [("", _("All")), *action_choices()]
        self.fields["target_type"].choices = [("", _("All")), *object_type_choices()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned

    def apply(self, queryset):
        """The entries the filter asks for; an invalid filter shows nothing rather than all."""
        if not self.is_bound:
            return queryset
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["user"]:
            queryset = queryset.filter(actor=data["user"])
        if data["action"]:
            queryset = queryset.filter(action=data["action"])
        if data["target_type"]:
            queryset = queryset.filter(target_type=data["target_type"])
        if data["date_from"]:
            queryset = queryset.filter(created_at__gte=_local_midnight(data["date_from"]))
        if data["date_to"]:
            end = _local_midnight(data["date_to"] + timedelta(days=1))
            queryset = queryset.filter(created_at__lt=end)
        if data["q"]:
            if not data["date_from"]:
                # A substring search reads every entry of the period: bounded, it stays fast
                # at a million entries (benchmarks/audit_log.py); a start date widens it.
                since = timezone.now() - timedelta(days=TEXT_SEARCH_DAYS)
                queryset = queryset.filter(created_at__gte=since)
            for word in data["q"].split():
                queryset = queryset.filter(Q(search_text__icontains=word))
        return queryset
