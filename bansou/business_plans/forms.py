"""The plan form with its yearly targets, the completion and approval forms, the list filter."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from bansou.accounts.models import User
from bansou.analysis.models import BusinessAnalysis
from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.forms import TenantFormMixin
from bansou.core.permissions import Capability, roles_with
from bansou.core.versioning import VersionedFormMixin
from bansou.lib.eras import (
    JapaneseDateError,
    fiscal_year,
    fiscal_year_label,
    format_wareki,
    parse_fiscal_year,
)
from bansou.lib.ids import parse_id
from bansou.lib.text import search_key

from . import rules
from .choices import PlanKind, PlanStatus
from .models import BusinessPlan
from .services import YearFigures

SECTION_FIELDS = {
    "succession": ("succession_timing", "succession_shares_assets", "succession_know_how"),
    "turnaround": ("turnaround_causes", "turnaround_measures", "turnaround_repayment"),
    "dx": ("dx_productivity", "dx_channels", "dx_edi"),
}
NUMERIC_FIELDS = ("baseline_fiscal_year", "baseline_sales", "baseline_profit")


class FiscalYearField(forms.IntegerField):
    """A fiscal year typed as 令和7年度, R7, 2025年度 or 2025."""

    widget = forms.TextInput(attrs={"placeholder": _("e.g. 令和7年度 or 2025")})
    default_error_messages = {"invalid": _("Enter a fiscal year such as 令和7年度 or 2025.")}

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int):
            return value
        try:
            return parse_fiscal_year(str(value))
        except JapaneseDateError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def staff_choices(organization):
    return User.objects.filter(
        organization=organization, role__in=roles_with(Capability.RECORDS_WRITE)
    ).order_by("display_name", "username")


class PlanForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    started_on = JapaneseDateField(label=pgettext_lazy("business plan", "started on"))
    consultations = JapaneseIntegerField(label=_("consultations"), min_value=0, initial=0)
    baseline_fiscal_year = FiscalYearField(label=_("baseline fiscal year"), required=False)
    baseline_sales = JapaneseIntegerField(label=_("baseline sales (thousand yen)"), required=False)
    baseline_profit = JapaneseIntegerField(
        label=_("baseline profit (thousand yen)"), required=False
    )

    class Meta:
        model = BusinessPlan
        fields = [
            "title",
            "kind",
            "is_dx",
            "staff",
            "analysis",
            "started_on",
            "consultations",
            "summary",
            *NUMERIC_FIELDS,
            *(name for names in SECTION_FIELDS.values() for name in names),
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for names in SECTION_FIELDS.values()
                for name in names
            },
        }

    def __init__(self, *args, organization, business, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.instance.business = business
        self.fields["staff"].queryset = staff_choices(organization)
        # Only this business's analyses: a plan rests on an analysis of the same business.
        self.fields["analysis"].queryset = BusinessAnalysis.objects.filter(
            organization=organization, business=business
        ).order_by("-analysed_on", "-pk")
        self.fields["analysis"].label_from_instance = analysis_label
        self.fields["baseline_fiscal_year"].help_text = _(
            "The last closed year; the targets start the year after it."
        )

    def main_fields(self):
        skip = {*NUMERIC_FIELDS, *(n for names in SECTION_FIELDS.values() for n in names)}
        return [field for field in self.visible_fields() if field.name not in skip]

    def numeric_fields(self):
        return [self[name] for name in NUMERIC_FIELDS]

    def section_fields(self, section: str):
        return [self[name] for name in SECTION_FIELDS[section]]

    def succession_fields(self):
        return self.section_fields("succession")

    def turnaround_fields(self):
        return self.section_fields("turnaround")

    def dx_fields(self):
        return self.section_fields("dx")


def new_plan_initial(business, today, analysis_pk: str = "") -> dict:
    """A new plan starts today and on the business's latest analysis (or the one asked for);
    its baseline is that analysis's latest closed period: sales, and ordinary profit (or
    operating profit where only that is known), in 千円 as both models keep them."""
    initial = {"started_on": today}
    analyses = BusinessAnalysis.objects.filter(
        organization=business.organization_id, business=business
    ).order_by("-analysed_on", "-pk")
    if (chosen := parse_id(analysis_pk)) is not None:  # malformed: the latest analysis
        analyses = analyses.filter(pk=chosen)
    analysis = analyses.prefetch_related("statements").first()
    if analysis is None:
        return initial
    initial["analysis"] = analysis.pk
    statements = sorted(analysis.statements.all(), key=lambda s: s.period_end)
    if statements:
        latest = statements[-1]
        profit = latest.ordinary_profit
        initial.update(
            baseline_fiscal_year=fiscal_year(latest.period_end),
            baseline_sales=latest.sales,
            baseline_profit=profit if profit is not None else latest.operating_profit,
        )
    return initial


def analysis_label(analysis) -> str:
    return pgettext("business plan", "Analysis of %(date)s") % {
        "date": format_wareki(analysis.analysed_on)
    }


class YearTargetForm(forms.Form):
    fiscal_year = FiscalYearField(label=_("fiscal year"), required=False)
    sales = JapaneseIntegerField(label=_("sales (thousand yen)"), required=False)
    profit = JapaneseIntegerField(label=_("profit (thousand yen)"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(name) is None for name in ("fiscal_year", "sales", "profit"))

    def clean(self):
        cleaned = super().clean()
        if self.is_blank():
            return cleaned  # an unused row: rows are cleared to remove a year
        if cleaned.get("fiscal_year") is None and "fiscal_year" not in self.errors:
            self.add_error("fiscal_year", _("Enter the fiscal year of these targets."))
        for name in ("sales", "profit"):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, _("Enter both sales and profit for the year."))
        return cleaned


class BaseYearTargetFormSet(forms.BaseFormSet):
    """The numeric plan: empty, or 3–5 consecutive years after the baseline (rules.py)."""

    baseline_fiscal_year: int | None = None

    def figures(self) -> list[YearFigures]:
        return [
            YearFigures(
                f.cleaned_data["fiscal_year"], f.cleaned_data["sales"], f.cleaned_data["profit"]
            )
            for f in self.forms
            if f.cleaned_data and not f.is_blank()
        ]

    def clean(self):
        if any(self.errors):
            return
        years = [figures.fiscal_year for figures in self.figures()]
        if years:
            errors = rules.year_target_errors(self.baseline_fiscal_year, years)
            if errors:
                raise ValidationError(errors)


YearTargetFormSet = forms.formset_factory(
    YearTargetForm,
    formset=BaseYearTargetFormSet,
    extra=rules.MAX_TARGET_YEARS,
    max_num=rules.MAX_TARGET_YEARS,
    validate_max=True,
)


def target_initial(plan: BusinessPlan) -> list[dict]:
    if not plan.pk:
        return []
    return [
        {"fiscal_year": t.fiscal_year, "sales": t.sales, "profit": t.profit}
        for t in plan.year_targets.all()
    ]


class CompleteForm(forms.Form):
    completed_on = JapaneseDateField(label=pgettext_lazy("business plan", "completed on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ApproveForm(forms.Form):
    approved_on = JapaneseDateField(label=pgettext_lazy("business plan", "approved on"))
    approving_body = forms.CharField(
        label=_("approving body"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Saitama Prefecture")}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PlanFilterForm(forms.Form):
    """What the list shows and what its download contains: one filter for both."""

    YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]

    q = forms.CharField(label=_("Business or title"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("kind of plan"), choices=[("", _("All")), *PlanKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("business plan", "status"),
        choices=[("", _("All")), *PlanStatus.choices],
        required=False,
    )
    dx = forms.ChoiceField(label=_("DX plan"), choices=YES_NO, required=False)
    fiscal_year = forms.TypedChoiceField(
        label=_("fiscal year"), coerce=int, choices=[], required=False, empty_value=None
    )
    staff = forms.ModelChoiceField(
        label=_("staff in charge"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args, organization, fiscal_years, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All"))] + [
            (fy, fiscal_year_label(fy)) for fy in fiscal_years
        ]
        self.fields["staff"].queryset = staff_choices(organization)

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            condition = Q(title__icontains=data["q"].strip())
            if key := search_key(data["q"]):
                condition |= Q(business__search_key__contains=key)
            queryset = queryset.filter(condition)
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["dx"]:
            queryset = queryset.filter(is_dx=data["dx"] == "yes")
        if data["fiscal_year"] is not None:
            queryset = queryset.filter(fiscal_year=data["fiscal_year"])
        if data["staff"]:
            queryset = queryset.filter(staff=data["staff"])
        return queryset
