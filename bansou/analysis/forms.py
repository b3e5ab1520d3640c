"""The analysis form (checklist, SWOT, seven areas), its financial periods and the list filter."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bansou.accounts.models import User
from bansou.core.fields import JapaneseDateField, JapaneseIntegerField
from bansou.core.forms import TenantFormMixin
from bansou.core.permissions import Capability, roles_with
from bansou.core.versioning import VersionedFormMixin
from bansou.lib.eras import fiscal_year_label

from .models import MAX_PERIODS, AnalysisStatus, BusinessAnalysis, FinancialStatement, ITLevel
from .sections import CHECKLIST, CROSS_SWOT, SEVEN_AREAS, SWOT, TEXT_FIELDS


def _staff_queryset(organization, *, also=None):
    """Users who may be in charge of an analysis; `also` keeps a former one on old records."""
    may_write = Q(role__in=roles_with(Capability.RECORDS_WRITE), is_active=True)
    return User.objects.filter(organization=organization).filter(may_write | Q(pk=also))


class AnalysisForm(VersionedFormMixin, TenantFormMixin, forms.ModelForm):
    analysed_on = JapaneseDateField(label=_("analysed on"))

    class Meta:
        model = BusinessAnalysis
        fields = ["analysed_on", "staff", *TEXT_FIELDS, "it_level"]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in TEXT_FIELDS}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, organization=organization, **kwargs)
        self.fields["staff"].queryset = _staff_queryset(organization, also=self.instance.staff_id)
        self.fields["it_level"].choices = [("", _("Not assessed")), *ITLevel.choices]

    def clean_analysed_on(self):
        value = self.cleaned_data["analysed_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The analysis date is in the future."))
        return value

    def groups(self):
        """Bound fields grouped as the template shows them."""
        head = [self["analysed_on"], self["staff"]]
        checklist = [(legend, [self[n] for n in names]) for legend, names in CHECKLIST]
        for _legend, fields in checklist:
            if any(field.name == "dx_it_tools" for field in fields):
                fields.append(self["it_level"])  # 7. DX ends with the IT use level
        return {
            "head": head,
            "checklist": checklist,
            "swot": [self[n] for n in SWOT],
            "cross_swot": [self[n] for n in CROSS_SWOT],
            "areas": [self[n] for n in SEVEN_AREAS],
            "comment": self["advisor_comment"],
        }


def _money(label, *, negative: bool = False) -> JapaneseIntegerField:
    # Profits and net assets may be negative (▲); amounts of assets and costs may not.
    return JapaneseIntegerField(
        label=label, required=False, min_value=None if negative else 0, max_value=10**13
    )


class StatementForm(forms.ModelForm):
    period_end = JapaneseDateField(label=_("period end"))
    months = JapaneseIntegerField(label=_("months"), min_value=1, max_value=24, initial=12)
    sales = _money(_("sales (千円)"))
    cost_of_sales = _money(_("cost of sales (千円)"))
    sga_variable = _money(_("SG&A, variable (千円)"))
    sga_fixed = _money(_("SG&A, fixed (千円)"))
    sga_total = _money(_("SG&A, total (千円)"))
    operating_profit = _money(_("operating profit (千円)"), negative=True)
    ordinary_profit = _money(_("ordinary profit (千円)"), negative=True)
    depreciation = _money(_("depreciation (千円)"))
    interest_paid = _money(_("interest paid (千円)"))
    receivables = _money(_("receivables (千円)"))
    inventory = _money(_("inventory (千円)"))
    payables = _money(_("payables (千円)"))
    cash = _money(_("cash and deposits (千円)"))
    interest_bearing_debt = _money(_("interest-bearing debt (千円)"))
    net_assets = _money(_("net assets (千円)"), negative=True)
    total_assets = _money(_("total assets (千円)"))
    employees = JapaneseIntegerField(
        label=_("employees"), required=False, min_value=0, max_value=1_000_000
    )

    class Meta:
        model = FinancialStatement
        fields = [
            "period_end",
            "months",
            "sales",
            "cost_of_sales",
            "sga_variable",
            "sga_fixed",
            "sga_total",
            "operating_profit",
            "ordinary_profit",
            "depreciation",
            "interest_paid",
            "receivables",
            "inventory",
            "payables",
            "cash",
            "interest_bearing_debt",
            "net_assets",
            "total_assets",
            "employees",
        ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["ordinary_profit"].help_text = _("Pre-tax income for sole proprietors.")
        self.fields["sga_total"].help_text = _(
            "If the split into variable and fixed is unknown, all of SG&A is treated as fixed."
        )

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get(n) for n in ("sga_variable", "sga_fixed", "sga_total")]
        if None not in parts and parts[0] + parts[1] != parts[2]:
            self.add_error(
                "sga_total", _("Variable and fixed SG&A do not add up to the total SG&A.")
            )
        net, total = cleaned.get("net_assets"), cleaned.get("total_assets")
        if net is not None and total is not None and net > total:
            self.add_error("net_assets", _("Net assets cannot exceed total assets."))
        return cleaned


class BaseStatementFormSet(forms.BaseInlineFormSet):
    """Up to three periods, each period end once (the service checks the same again)."""

    def __init__(self, *args, organization, **kwargs):
        self.organization = organization
        super().__init__(*args, **kwargs)
        self.queryset = self.queryset.order_by("period_end")

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.organization = self.organization
        # The periods are columns of one table, so each input names its row and column.
        for name, field in form.fields.items():
            label = field.label if name != "DELETE" else _("Delete")
            field.widget.attrs["aria-label"] = _("%(field)s, period %(number)d") % {
                "field": label,
                "number": i + 1,
            }
        return form

    def rows(self):
        """(label, help text, one bound field per period) for the table of periods."""
        names = [*StatementForm._meta.fields, *(["DELETE"] if self.can_delete else [])]
        rows = []
        for name in names:
            forms_with_field = [form for form in self.forms if name in form.fields]
            if not forms_with_field:
                continue
            field = forms_with_field[0].fields[name]
            label = _("Delete this period") if name == "DELETE" else field.label
            cells = [form[name] if name in form.fields else None for form in self.forms]
            rows.append((label, field.help_text, cells))
        return rows

    def validate_unique(self):
        # Replaced by the check in clean(), whose message says which period is repeated.
        return

    def clean(self):
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not self._should_delete_form(form)
            and (form.instance.pk or form.has_changed())
        ]
        if len(kept) > MAX_PERIODS:
            raise ValidationError(
                _("Enter at most %(count)d periods (the latest ones).") % {"count": MAX_PERIODS},
                code="too_many_periods",
            )
        seen = set()
        for form in kept:
            end = form.cleaned_data.get("period_end")
            if end in seen:
                form.add_error("period_end", _("This period end is entered twice."))
            seen.add(end)


StatementFormSet = forms.inlineformset_factory(
    BusinessAnalysis,
    FinancialStatement,
    form=StatementForm,
    formset=BaseStatementFormSet,
    extra=MAX_PERIODS,
    max_num=MAX_PERIODS,
    can_delete=True,
    can_delete_extra=False,
)


class AnalysisFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("All")), *AnalysisStatus.choices], required=False
    )
    fiscal_year = forms.TypedChoiceField(
        label=_("fiscal year"), coerce=int, required=False, empty_value=None
    )
    staff = forms.ModelChoiceField(
        label=_("staff in charge"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, organization, fiscal_years, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["fiscal_year"].choices = [("", _("All"))] + [
            (fy, fiscal_year_label(fy)) for fy in fiscal_years
        ]
        self.fields["staff"].queryset = _staff_queryset(organization)
        self.fields["staff"].empty_label = _("All")

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["fiscal_year"] is not None:
            queryset = queryset.filter(fiscal_year=data["fiscal_year"])
        if data["staff"]:
            queryset = queryset.filter(staff=data["staff"])
        return queryset
