"""The owner's form (a phone, no account) and the advisor's confirmation form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bansou.core.fields import JapaneseIntegerField
from bansou.followups.forms import ReportForm

# Sales of a small business in thousand yen; anything beyond is a typing slip (yen, not 千円).
MAX_THOUSAND_YEN = 100_000_000


class OwnerReportForm(forms.Form):
    sales = JapaneseIntegerField(
        label=_("Sales for the period (thousand yen)"),
        required=False,
        min_value=0,
        max_value=MAX_THOUSAND_YEN,
        help_text=_("In thousand yen, e.g. 12,500 for 12.5 million yen."),
    )
    profit = JapaneseIntegerField(
        label=_("Profit for the period (thousand yen)"),
        required=False,
        min_value=-MAX_THOUSAND_YEN,
        max_value=MAX_THOUSAND_YEN,
        help_text=_(
            "Ordinary profit (pre-tax income for sole proprietors), in thousand yen; "
            "▲ or - for a loss."
        ),
    )
    wants_support = forms.TypedChoiceField(
        label=_("Would you like support from the chamber?"),
        choices=[("yes", _("Yes, I would like support")), ("no", _("Not at the moment"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you would like support.")},
    )
    comment = forms.CharField(
        label=_("Comments (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How business went, what you are working on, what worries you."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # A loss is typed with ▲ or -, which a numeric keypad lacks on some phones.
        self.fields["profit"].widget.attrs["inputmode"] = "text"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sales") is None and cleaned.get("profit") is None:
            if "sales" not in self.errors and "profit" not in self.errors:
                raise ValidationError(_("Enter the sales or the profit for the period."))
        return cleaned


class ConfirmForm(ReportForm):
    """The follow-up report form, filled with what the business sent."""

    seen_submitted_at = forms.DateTimeField(widget=forms.HiddenInput)
