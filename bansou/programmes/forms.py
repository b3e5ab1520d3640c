"""Programme, participation and outcome forms, and the monthly sales sheet (24 months)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bansou.core.fields import JapaneseDateField
from bansou.core.forms import TenantFormMixin
from bansou.core.versioning import VersionedFormMixin
from bansou.events.models import Event, EventKind
from bansou.lib.text import NumberFormatError, parse_integer
from bansou.organizations.models import Department

from .models import Deal, NewTradingPartner, Participation, Programme, SalesSource
from .sales import add_months, implausible_months

MAX_YEN = 10**13


class YenField(forms.CharField):
    """An amount in yen typed as 1,234,000, １２３４０００ or ▲5 (the lib parser); negatives
    are refused with their own message."""

    default_error_messages = {
        "invalid": _("Enter an amount in yen, for example 1,234,000."),
        "negative": _("Sales and amounts cannot be negative (▲)."),
        "too_large": _("This amount is too large."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            number = parse_integer(value)
        except NumberFormatError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if number < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if number >= MAX_YEN:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return Decimal(number)


class ProgrammeForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "code", "name", "kind", "department", "first_fiscal_year", "last_fiscal_year",
            "events", "description",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "events": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organization=organization)
        self.fields["department"].empty_label = _("(none)")
        # Exhibitions and matchmaking meetings are linked, not copied (bansou/events).
        self.fields["events"].queryset = Event.objects.filter(
            organization=organization, kind__in=[EventKind.EXHIBITION, EventKind.MATCHMAKING]
        ).order_by("-held_on")
        self.fields["events"].required = False


class ParticipationForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    started_on = JapaneseDateField(label=_("started on"))
    ended_on = JapaneseDateField(label=_("ended on"), required=False)

    class Meta:
        model = Participation
        fields = ["started_on", "ended_on", "status", "category", "went_cashless", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class DealForm(forms.ModelForm):
    closed_on = JapaneseDateField(label=_("closed on"))
    amount = YenField(label=_("amount (yen)"), required=False)

    class Meta:
        model = Deal
        fields = ["counterparty", "closed_on", "amount", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class PartnerForm(forms.ModelForm):
    started_on = JapaneseDateField(label=_("trading since"))

    class Meta:
        model = NewTradingPartner
        fields = ["name", "started_on"]


def sales_months(last: date, count: int = 24) -> list[date]:
    """`count` months ending with `last` (first days), oldest first."""
    return [add_months(last, -i) for i in range(count - 1, -1, -1)]


class MonthlySalesForm(forms.Form):
    """One field per month; an empty field removes the month's figure (missing, not 0)."""

    source = forms.ChoiceField(label=_("source"), choices=SalesSource.choices)
    confirm_unusual = forms.BooleanField(
        label=_("The unusual figures are correct (not 千円 entered as 円 or the reverse)"),
        required=False,
    )

    def __init__(self, *args, months: list[date], stored: dict[date, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.months, self.stored = months, stored
        for month in months:
            self.fields[self.key(month)] = YenField(
                label=_("%(year)s/%(month)s") % {"year": month.year, "month": month.month},
                required=False,
                initial=f"{stored[month]:,.0f}" if month in stored else "",
            )
        self.initial.setdefault("source", SalesSource.REPORT)

    @staticmethod
    def key(month: date) -> str:
        return f"m{month:%Y%m}"

    def month_fields(self):
        return [(month, self[self.key(month)]) for month in self.months]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        amounts = {m: data.get(self.key(m)) for m in self.months}
        given = {m: v for m, v in amounts.items() if v is not None}
        others = {m: v for m, v in self.stored.items() if m not in amounts}
        odd = implausible_months(given, others)
        if odd and not data.get("confirm_unusual"):
            self.unusual = odd
            raise ValidationError(
                _(
                    "%(months)s differ from the business's other months by a factor of 200 or "
                    "more: check whether they were entered in 千円 instead of 円 (or the "
                    "reverse). If they are right, tick the confirmation and save again."
                )
                % {"months": "、".join(f"{m.year}年{m.month}月" for m in odd)},
                code="implausible",
            )
        data["amounts"] = amounts
        return data
