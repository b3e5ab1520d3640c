"""The hand-over form: the day a store's usage report was handed over, and the expert."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bansou.partners.models import Expert

from .models import VoucherFeedback


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = VoucherFeedback
        fields = ["handed_on", "expert", "note"]
        widgets = {
            "handed_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"expert": _("expert who joined (optional)")}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.filter(organization=organization).order_by(
            "name"
        )
        self.fields["expert"].required = False
