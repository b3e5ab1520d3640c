from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DigestChannel


class DigestForm(forms.Form):
    digest = forms.ChoiceField(
        label=_("daily digest"), choices=DigestChannel.choices, widget=forms.RadioSelect
    )
