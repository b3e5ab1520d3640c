"""経営状況の分析: the checklist of DOMAIN §4, SWOT, the seven areas and the financial periods."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bansou.businesses.records import BusinessRecord
from bansou.lib.eras import fiscal_year
from bansou.organizations.models import TenantModel

from .querysets import BusinessAnalysisQuerySet

MAX_PERIODS = 3  # the issue: "up to the last 3 periods"


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class ITLevel(models.IntegerChoices):
    NONE = 1, _("1: no IT use")
    BASIC = 2, _("2: basic tools (mail, spreadsheets)")
    PARTIAL = 3, _("3: some operations digitised")
    CONNECTED = 4, _("4: operations connected by data")
    STRATEGIC = 5, _("5: digital strategy drives the business")


def _text(label: str, help_text: str = "") -> models.TextField:
    return models.TextField(label, blank=True, help_text=help_text)


class BusinessAnalysis(BusinessRecord):
    """One analysis of a business (DOMAIN §4, figure 2 of the plan)."""

    territory_date_fields = ("analysed_on",)

    analysed_on = models.DateField(_("analysed on"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.DRAFT
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    # Basic data (name, representative, trade, capital, employees are on the business).
    basic_notes = _text(_("basic data notes"))
    # 1 conditions
    condition_trend = _text(_("business trend"))
    condition_sales = _text(_("sales"))
    condition_profit = _text(_("profit"))
    condition_cash_flow = _text(_("cash flow"))
    # 2 own company
    own_philosophy = _text(_("management philosophy"))
    own_strengths_weaknesses = _text(_("strengths and weaknesses"))
    own_sales_activity = _text(_("sales activity"))
    own_people = _text(_("people"))
    own_debt = _text(_("borrowings"))
    own_successor = _text(_("successor"))
    # 3 customers, 4 competitors
    customers = _text(_("customers"))
    competitors = _text(_("competitors"))
    # 5 management issues, 6 their details
    issues = _text(_("management issues"))
    issue_details = _text(_("details of the issues"))
    # 7 DX
    dx_office = _text(_("office efficiency"))
    dx_production = _text(_("production efficiency"))
    dx_it_tools = _text(_("IT tools in use"))
    # 8 finance (the figures are FinancialStatement rows)
    finance_notes = _text(_("notes on the finances"))
    # Qualitative analysis
    value_chain = _text(_("value chain"))
    vrio = _text(_("VRIO"))
    strengths = _text(_("strengths"))
    weaknesses = _text(_("weaknesses"))
    opportunities = _text(_("opportunities"))
    threats = _text(_("threats"))
    strategy_so = _text(_("SO strategy"), _("Use strengths to seize opportunities."))
    strategy_st = _text(_("ST strategy"), _("Use strengths to counter threats."))
    strategy_wo = _text(_("WO strategy"), _("Overcome weaknesses by using opportunities."))
    strategy_wt = _text(_("WT strategy"), _("Limit weaknesses and avoid threats."))
    # The seven areas of long expert programmes (DOMAIN §4)
    area_strategy = _text(_("strategy and management"))
    area_marketing = _text(_("marketing"))
    area_people = _text(_("people and organisation"))
    area_operations = _text(_("operations"))
    area_finance = _text(_("finance"))
    area_it = _text(_("IT"))
    area_risk = _text(_("risk, IP and CSR"))
    it_level = models.PositiveSmallIntegerField(
        _("IT use level"),
        null=True,
        blank=True,
        choices=ITLevel.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    advisor_comment = _text(_("advisor's comments"))

    objects = BusinessAnalysisQuerySet.as_manager()

    class Meta:
        verbose_name = _("business analysis")
        verbose_name_plural = _("business analyses")
        ordering = ["-analysed_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "fiscal_year"], name="analysis_fy_idx"),
            models.Index(fields=["organization", "status"], name="analysis_status_idx"),
            models.Index(fields=["business", "-analysed_on"], name="analysis_business_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(it_level__isnull=True)
                | models.Q(it_level__gte=1, it_level__lte=5),
                name="analysis_it_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business} {self.analysed_on}"

    @property
    def is_completed(self) -> bool:
        return self.status == AnalysisStatus.COMPLETED

    def save(self, *args, **kwargs):
        self.fiscal_year = fiscal_year(self.analysed_on)
        super().save(*args, **kwargs)


def _money(label) -> models.BigIntegerField:
    return models.BigIntegerField(label, null=True, blank=True)


class FinancialStatement(TenantModel):
    """One fiscal period's simple P/L and B/S, in 千円; None means the figure is not known."""

    analysis = models.ForeignKey(
        BusinessAnalysis,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("analysis"),
    )
    period_end = models.DateField(_("period end"))
    months = models.PositiveSmallIntegerField(
        _("months"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("Length of the period; a first or changed fiscal year may be shorter."),
    )
    sales = _money(_("sales (千円)"))
    cost_of_sales = _money(_("cost of sales (千円)"))
    sga_variable = _money(_("SG&A, variable (千円)"))
    sga_fixed = _money(_("SG&A, fixed (千円)"))
    sga_total = _money(_("SG&A, total (千円)"))
    operating_profit = _money(_("operating profit (千円)"))
    ordinary_profit = _money(_("ordinary profit (千円)"))
    depreciation = _money(_("depreciation (千円)"))
    interest_paid = _money(_("interest paid (千円)"))
    receivables = _money(_("receivables (千円)"))
    inventory = _money(_("inventory (千円)"))
    payables = _money(_("payables (千円)"))
    cash = _money(_("cash and deposits (千円)"))
    interest_bearing_debt = _money(_("interest-bearing debt (千円)"))
    net_assets = _money(_("net assets (千円)"))
    total_assets = _money(_("total assets (千円)"))
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)

    class Meta:
        verbose_name = _("financial statement")
        verbose_name_plural = _("financial statements")
        ordering = ["analysis", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "period_end"], name="statement_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=24), name="statement_months_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.analysis} {self.period_end}"
