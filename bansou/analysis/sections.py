"""How the analysis's many text fields are grouped: DOMAIN §4 (figure 2 of the plan)."""

from django.utils.translation import gettext_lazy as _

CHECKLIST = [
    (_("Basic data"), ("basic_notes",)),
    (
        _("1. Business conditions"),
        ("condition_trend", "condition_sales", "condition_profit", "condition_cash_flow"),
    ),
    (
        _("2. Own company"),
        (
            "own_philosophy",
            "own_strengths_weaknesses",
            "own_sales_activity",
            "own_people",
            "own_debt",
            "own_successor",
        ),
    ),
    (_("3. Customers"), ("customers",)),
    (_("4. Competitors"), ("competitors",)),
    (_("5–6. Management issues and their details"), ("issues", "issue_details")),
    (_("7. DX"), ("dx_office", "dx_production", "dx_it_tools")),
    (_("8. Finance"), ("finance_notes",)),
    (_("Value chain and VRIO"), ("value_chain", "vrio")),
]
SWOT = ("strengths", "weaknesses", "opportunities", "threats")
CROSS_SWOT = ("strategy_so", "strategy_st", "strategy_wo", "strategy_wt")
SEVEN_AREAS = (
    "area_strategy",
    "area_marketing",
    "area_people",
    "area_operations",
    "area_finance",
    "area_it",
    "area_risk",
)
TEXT_FIELDS = (
    *(name for _legend, names in CHECKLIST for name in names),
    *SWOT,
    *CROSS_SWOT,
    *SEVEN_AREAS,
    "advisor_comment",
)


def labelled(analysis, names) -> list[tuple[str, str]]:
    """(label, text) of the named fields, for the detail page and the report."""
    meta = analysis._meta
    return [(meta.get_field(name).verbose_name, getattr(analysis, name)) for name in names]


def checklist(analysis) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(legend, labelled(analysis, names)) for legend, names in CHECKLIST]
