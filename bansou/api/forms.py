"""The form that creates an API token."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.core.fields import JapaneseDateField
from bansou.support.models import LOCAL_TZ


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the program using it."),
    )
    expires_on = JapaneseDateField(
        label=_("valid until"),
        required=False,
        help_text=_("Leave empty for a token without an expiry date; revoke it when done."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if "\x00" in name:
            raise ValidationError(_("The text contains a NUL character."))
        return name

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day is not None and day < timezone.localtime(timezone.now(), LOCAL_TZ).date():
            raise ValidationError(_("The expiry date must be in the future."))
        return day

    def expires_at(self) -> datetime | None:
        """The end of the chosen day in the chamber's time zone (valid through that day)."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)
