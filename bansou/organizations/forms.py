"""Forms of the organizations app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bansou.core.fields import JapaneseDateField

from .merge import USERS_MOVE, USERS_RETIRE
from .models import Organization


class MergeForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Organization to merge"), queryset=Organization.objects.none()
    )
    target = forms.ModelChoiceField(
        label=_("Organization that continues"), queryset=Organization.objects.none()
    )
    merged_on = JapaneseDateField(
        label=_("Merged on"), help_text=_("First day the merged area is inside the territory.")
    )
    users = forms.ChoiceField(
        label=_("Users of the merged organization"),
        choices=[(USERS_MOVE, _("Move them (role kept)")), (USERS_RETIRE, _("Retire them"))],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        open_ = Organization.objects.filter(merged_away__isnull=True).order_by("name")
        self.fields["source"].queryset = open_
        self.fields["target"].queryset = open_
