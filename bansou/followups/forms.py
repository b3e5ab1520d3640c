"""Forms of the follow-up: the six-monthly report, a contact, and the list's filter."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.accounts.models import User
from bansou.business_plans.forms import staff_choices
from bansou.business_plans.models import BusinessPlan
from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.versioning import VersionedFormMixin
from bansou.lib.eras import fiscal_year, fiscal_year_label, format_wareki
from bansou.support.choices import Channel
from bansou.support.models import SupportRecord

from .rules import FollowUpGroup


class ReportForm(VersionedFormMixin, forms.Form):
    reported_on = JapaneseDateField(label=_("reported on"))
    period_fiscal_year = forms.TypedChoiceField(
        label=_("plan year of the figures"), coerce=int, choices=[]
    )
    sales = JapaneseIntegerField(label=_("sales for the period (thousand yen)"), required=False)
    profit = JapaneseIntegerField(
        label=_("profit for the period (thousand yen)"),
        required=False,
        help_text=_("Ordinary profit; pre-tax income for sole proprietors. ▲ for a loss."),
    )
    wants_support = forms.TypedChoiceField(
        label=_("wants support"),
        choices=[("yes", _("Wants support")), ("no", _("Does not want support"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, plan: BusinessPlan, targets, report=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, versioned=report, **kwargs)
        years = [t.fiscal_year for t in targets]
        if not years and plan.baseline_fiscal_year:
            years = list(range(plan.baseline_fiscal_year + 1, plan.baseline_fiscal_year + 6))
        self.fields["period_fiscal_year"].choices = [(y, fiscal_year_label(y)) for y in years]
        today = timezone.localdate()
        self.fields["reported_on"].initial = format_wareki(today)
        # The latest plan year that has begun is what a report usually covers.
        begun = [y for y in years if y <= fiscal_year(today)]
        if years:
            self.fields["period_fiscal_year"].initial = begun[-1] if begun else years[0]
        if report is not None:
            if report.period_fiscal_year not in years:
                self.fields["period_fiscal_year"].choices.append(
                    (report.period_fiscal_year, fiscal_year_label(report.period_fiscal_year))
                )
            self.initial.update(
                reported_on=format_wareki(report.reported_on),
                period_fiscal_year=report.period_fiscal_year,
                sales=report.sales,
                profit=report.profit,
                wants_support="yes" if report.wants_support else "no",
                note=report.note,
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sales") is None and cleaned.get("profit") is None:
            if "sales" not in self.errors and "profit" not in self.errors:
                raise ValidationError(_("Enter the sales or the profit for the period."))
        return cleaned


class ContactForm(forms.Form):
    contacted_on = JapaneseDateField(label=_("contacted on"))
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    support_record = forms.ModelChoiceField(
        label=_("support record"),
        queryset=SupportRecord.objects.none(),
        required=False,
        help_text=_("The support record written for this contact, if any."),
    )

    def __init__(self, *args, plan: BusinessPlan, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["contacted_on"].initial = format_wareki(timezone.localdate())
        self.fields["support_record"].queryset = SupportRecord.objects.filter(
            organization=plan.organization_id, business=plan.business_id
        ).order_by("-occurred_at", "-pk")
        self.fields["support_record"].label_from_instance = support_record_label


def support_record_label(record) -> str:
    return f"{format_wareki(record.occurred_on)} {record.get_channel_display()}"


class Tab:
    ALL = "all"
    THIS_WEEK = "week"
    OVERDUE = "overdue"
    MISSING = "missing"
    ADVISORS = "advisors"


class FollowUpFilterForm(forms.Form):
    TABS = [
        (Tab.ALL, _("All followed plans")),
        (Tab.THIS_WEEK, _("Due this week")),
        (Tab.OVERDUE, _("Overdue")),
        (Tab.MISSING, _("Reports missing")),
        (Tab.ADVISORS, _("By advisor")),
    ]

    tab = forms.ChoiceField(label=_("list"), choices=TABS, required=False)
    group = forms.TypedChoiceField(
        label=_("follow-up group"),
        coerce=int,
        empty_value=None,
        choices=[("", _("All")), *[(g.value, g.value) for g in FollowUpGroup]],
        required=False,
    )
    staff = forms.ModelChoiceField(
        label=_("staff in charge"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["staff"].queryset = staff_choices(organization)
        self.fields["group"].choices = [
            ("", _("All")),
            *[(g.value, _("Group %(n)d") % {"n": g.value}) for g in FollowUpGroup],
        ]

    @property
    def current_tab(self) -> str:
        if self.is_valid() and self.cleaned_data["tab"]:
            return self.cleaned_data["tab"]
        return Tab.ALL

    def apply(self, plans):
        """The group and staff filters (the tab is applied by lists.apply_tab)."""
        if not self.is_valid():
            return plans
        if self.cleaned_data["group"] is not None:
            plans = plans.filter(follow_up_group=self.cleaned_data["group"])
        if self.cleaned_data["staff"]:
            plans = plans.filter(staff=self.cleaned_data["staff"])
        return plans
