"""Forms of the staff screens: a season (created or edited) and a judge added to a season.

The voting period is typed as days (和暦 or western): voting opens at the start of the first
day and closes at the end of the last day, in the chamber's time zone. The rules that need the
database (one season a fiscal year, the fiscal year of a season with votes) are the service's.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.permissions import Capability, roles_with
from bansou.core.versioning import VersionedFormMixin
from bansou.programmes.models import Programme, ProgrammeKind

from .models import Season


def day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def last_day(moment: datetime):
    """The last voting day of a period that closes at `moment` (the end of that day)."""
    return timezone.localtime(moment - timedelta(microseconds=1)).date()


class SeasonForm(VersionedFormMixin, forms.ModelForm):
    opens_on = JapaneseDateField(label=_("first day of voting"))
    closes_on = JapaneseDateField(label=_("last day of voting"))
    fiscal_year = JapaneseIntegerField(label=_("fiscal year (western year, e.g. 2025)"))
    finalist_count = JapaneseIntegerField(label=_("number of finalists"), min_value=1)
    winner_count = JapaneseIntegerField(label=_("number of winners"), min_value=1)
    vote_weight = JapaneseIntegerField(
        label=_("weight of the votes (%)"),
        help_text=_("0 to 100; the judges' scores make up the rest."),
        error_messages={
            "min_value": _("The weight of the votes is from 0 to 100."),
            "max_value": _("The weight of the votes is from 0 to 100."),
        },
        min_value=0,
        max_value=100,
    )
    address_daily_limit = JapaneseIntegerField(
        label=_("votes per address per store a day"), min_value=1, max_value=1000
    )

    class Meta:
        model = Season
        fields = [
            "programme",
            "fiscal_year",
            "name",
            "finalist_count",
            "winner_count",
            "vote_weight",
            "address_daily_limit",
        ]

    field_order = [
        "programme",
        "fiscal_year",
        "name",
        "opens_on",
        "closes_on",
        "finalist_count",
        "winner_count",
        "vote_weight",
        "address_daily_limit",
    ]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.filter(
            organization=organization, kind=ProgrammeKind.IMISE_AWARD
        )
        field = self.fields["programme"]
        field.queryset = programmes
        field.label = _("i-mise programme")
        if len(programmes) == 1 and not self.instance.programme_id:
            field.initial = programmes[0].pk
        if self.instance.pk:
            self.fields["opens_on"].initial = timezone.localtime(self.instance.votes_open).date()
            self.fields["closes_on"].initial = last_day(self.instance.votes_close)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error(
                "closes_on", _("The last day of voting is before the first day of voting.")
            )
        finalists, winners = cleaned.get("finalist_count"), cleaned.get("winner_count")
        if finalists and winners and winners > finalists:
            self.add_error("winner_count", _("There cannot be more winners than finalists."))
        return cleaned

    def period(self) -> tuple[datetime, datetime]:
        """The voting period: a day left as it was keeps its stored time."""
        season = self.instance
        opens_on, closes_on = self.cleaned_data["opens_on"], self.cleaned_data["closes_on"]
        if season.pk and opens_on == timezone.localtime(season.votes_open).date():
            opens = season.votes_open
        else:
            opens = day_start(opens_on)
        if season.pk and closes_on == last_day(season.votes_close):
            closes = season.votes_close
        else:
            closes = day_start(closes_on + timedelta(days=1))
        return opens, closes


class JudgeForm(forms.Form):
    """A judge: a staff account (the name defaults to the account's) or a named outside judge."""

    user = forms.ModelChoiceField(
        label=_("staff account of the judge"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("— outside judge (no account) —"),
    )
    name = forms.CharField(label=_("judge's name"), max_length=100, required=False)
    affiliation = forms.CharField(label=_("judge's affiliation"), max_length=200, required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(
                organization=organization,
                is_active=True,
                role__in=roles_with(Capability.PROGRAMMES_READ),
            )
            .order_by("username")
        )

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name") or "").strip()
        user = cleaned.get("user")
        if not name and user is not None:
            name = str(user)
        if not name and "user" not in self.errors:
            self.add_error("name", _("Enter the outside judge's name or choose a staff account."))
        cleaned["name"] = name
        return cleaned
