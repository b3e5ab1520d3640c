"""Import of past business plans: one row per plan, its yearly targets in columns of the row.

A plan's numeric targets sit beside it as 「1年目 年度」「1年目 売上目標」「1年目 利益目標」 …
up to the fifth year (the plan's export has the same columns): an office manager copies one
line per plan, no second sheet to keep in step. The year columns may be left empty (they are
the baseline year + 1, + 2 …); a year given that is not that one lies outside the plan and is
refused, and the targets, when any are given, follow the form's rule (3 to 5 consecutive years
after the baseline). A plan is the same plan when the business, title and start date are; a
completed or approved plan gets its first report due as completing it on the screen does.
"""

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from bansou.dataio import cleaners, lookups
from bansou.dataio.history import (
    HistoryKind,
    business_cells,
    date_cell,
    id_column,
    staff_cell,
)
from bansou.dataio.registry import Column
from bansou.followups import rules as followup_rules
from bansou.lib.eras import fiscal_year, fiscal_year_label

from . import rules
from .choices import FOLLOWED_STATUSES, PlanKind, PlanStatus
from .models import BusinessPlan, PlanYearTarget

YEARS = tuple(range(1, rules.MAX_TARGET_YEARS + 1))


def _year_label(template: str, n: int) -> str:
    return _(template) % {"n": n}


_lazy_year_label = lazy(_year_label, str)


def _year_columns(n: int) -> tuple[Column, ...]:
    return (
        Column(
            f"year_{n}",
            _lazy_year_label("year %(n)d: fiscal year", n),
            aliases=(f"{n}年目年度", f"{n}年目 年度", f"{n}年目の年度"),
            clean=cleaners.fiscal_year,
        ),
        Column(
            f"sales_{n}",
            _lazy_year_label("year %(n)d: sales (thousand yen)", n),
            aliases=(f"{n}年目売上目標", f"{n}年目 売上目標", f"{n}年目売上"),
            clean=cleaners.money,
        ),
        Column(
            f"profit_{n}",
            _lazy_year_label("year %(n)d: profit (thousand yen)", n),
            aliases=(f"{n}年目利益目標", f"{n}年目 利益目標", f"{n}年目利益"),
            clean=cleaners.money,
        ),
    )


KIND_WORDS = {
    "経営革新": "innovation",
    "経営革新計画": "innovation",
    "創業": "startup",
    "創業計画": "startup",
    "マル経": "marukei",
    "マル経融資": "marukei",
    "事業継続力強化計画": "resilience",
    "補助金": "subsidy",
    "補助金申請": "subsidy",
    "その他": "other",
}
STATUS_WORDS = {
    "策定中": "drafting",
    "策定済": "completed",
    "完了": "completed",
    "承認": "approved",
}


class BusinessPlansImport(HistoryKind):
    code = "business_plans"
    label = gettext_lazy("Business plans")
    description = gettext_lazy(
        "Past business plans, one per row: kind, status, dates, approving body and the yearly "
        "sales and profit targets in the row's year columns."
    )
    list_url_name = "business_plans:list"
    order = 60
    model = BusinessPlan
    audit_prefix = "business_plans.plan"
    key_fields = ("title", "started_on")
    key_label = gettext_lazy("same business, title and start date")
    own_fields = (
        "title",
        "kind",
        "is_dx",
        "summary",
        "status",
        "started_on",
        "completed_on",
        "fiscal_year",
        "approved_on",
        "approving_body",
        "consultations",
        "baseline_fiscal_year",
        "baseline_sales",
        "baseline_profit",
    )
    insert_only = ("next_report_due", "follow_up_due")
    child_model = PlanYearTarget
    child_fields = ("organization", "plan", "fiscal_year", "sales", "profit")
    child_parent = "plan"
    columns = (
        id_column(),
        *lookups.business_columns(),
        Column(
            "title",
            pgettext_lazy("business plan", "title"),
            aliases=("計画名", "事業計画名", "件名", "表題"),
            required=True,
            clean=cleaners.limited_text(200),
            empty="",
        ),
        Column(
            "kind",
            gettext_lazy("kind of plan"),
            aliases=("計画の種類", "種類", "計画種別", "区分"),
            required=True,
            clean=cleaners.choice(PlanKind.choices, KIND_WORDS),
            empty="",
            display=cleaners.choice_display(PlanKind.choices),
        ),
        Column("is_dx", gettext_lazy("DX plan"), aliases=("DX",), clean=cleaners.boolean),
        Column(
            "status",
            pgettext_lazy("business plan", "status"),
            aliases=("状態", "ステータス", "進捗"),
            clean=cleaners.choice(PlanStatus.choices, STATUS_WORDS),
            empty="",
            display=cleaners.choice_display(PlanStatus.choices),
        ),
        Column(
            "started_on",
            pgettext_lazy("business plan", "started on"),
            aliases=("着手日", "策定開始日", "開始日"),
            required=True,
            clean=cleaners.day,
        ),
        Column(
            "completed_on",
            pgettext_lazy("business plan", "completed on"),
            aliases=("策定日", "完成日", "策定完了日"),
            clean=cleaners.day,
        ),
        Column(
            "approved_on",
            pgettext_lazy("business plan", "approved on"),
            aliases=("承認日", "認定日"),
            clean=cleaners.day,
        ),
        Column(
            "approving_body",
            gettext_lazy("approving body"),
            aliases=("承認機関", "認定機関", "承認者"),
            clean=cleaners.limited_text(100),
            empty="",
        ),
        Column(
            "consultations",
            gettext_lazy("consultations"),
            aliases=("相談回数", "支援回数"),
            clean=cleaners.count,
        ),
        lookups.staff_column(),
        Column(
            "baseline_fiscal_year",
            gettext_lazy("baseline fiscal year"),
            aliases=("基準年度", "基準年"),
            clean=cleaners.fiscal_year,
        ),
        Column(
            "baseline_sales",
            gettext_lazy("baseline sales (thousand yen)"),
            aliases=("基準年度売上", "基準売上", "基準年度売上高"),
            clean=cleaners.money,
        ),
        Column(
            "baseline_profit",
            gettext_lazy("baseline profit (thousand yen)"),
            aliases=("基準年度利益", "基準利益"),
            clean=cleaners.money,
        ),
        *(column for n in YEARS for column in _year_columns(n)),
        Column(
            "summary",
            pgettext_lazy("business plan", "summary"),
            aliases=("概要", "計画概要"),
            empty="",
        ),
    )
    example = {
        "business_name": "株式会社青葉鋳工所",
        "title": "新製品による販路開拓計画",
        "kind": "経営革新計画",
        "is_dx": "いいえ",
        "status": "承認",
        "started_on": "令和5年6月1日",
        "completed_on": "令和5年9月29日",
        "approved_on": "令和5年11月15日",
        "approving_body": "埼玉県",
        "consultations": 6,
        "baseline_fiscal_year": "令和5年度",
        "baseline_sales": 120000,
        "baseline_profit": 3000,
        "sales_1": 126000,
        "profit_1": 3500,
        "sales_2": 132000,
        "profit_2": 4000,
        "sales_3": 140000,
        "profit_3": 4800,
    }

    def begin(self, run) -> None:
        super().begin(run)
        run.cache["today"] = timezone.localdate()

    def check_row(self, row, run) -> None:
        v = row.values
        today = run.cache["today"]
        status = v["status"] or PlanStatus.DRAFTING
        if status in FOLLOWED_STATUSES:
            for message in rules.completion_date_errors(
                v["completed_on"], started_on=v["started_on"], analysed_on=None, today=today
            ):
                row.error("completed_on", message)
        elif v["completed_on"] or v["approved_on"]:
            row.error("status", _("A plan with a completion or approval date is not drafting."))
        if status == PlanStatus.APPROVED:
            # The body is checked on its own column; "-" stands for it in the date's checks.
            for message in rules.approval_errors(
                v["approved_on"],
                v["approving_body"] or "-",
                completed_on=v["completed_on"],
                today=today,
            ):
                row.error("approved_on", message)
            if not v["approving_body"]:
                row.error("approving_body", _("Enter the body that approved the plan."))
        self._check_targets(row)

    def _check_targets(self, row) -> None:
        v = row.values
        baseline = v["baseline_fiscal_year"]
        years = []
        for n in YEARS:
            given = v[f"year_{n}"]
            has_figures = v[f"sales_{n}"] is not None or v[f"profit_{n}"] is not None
            if given is None and not has_figures:
                continue
            if baseline is None:
                row.error(
                    "baseline_fiscal_year",
                    _("Enter the baseline fiscal year before the yearly targets."),
                )
                return
            expected = baseline + n
            if given is not None and given != expected:
                row.error(
                    f"year_{n}",
                    _(
                        "%(year)s is outside the plan: year %(n)d of a plan based on %(baseline)s "
                        "is %(expected)s."
                    )
                    % {
                        "year": fiscal_year_label(given),
                        "n": n,
                        "baseline": fiscal_year_label(baseline),
                        "expected": fiscal_year_label(expected),
                    },
                )
                return
            years.append(expected)
        if years:
            for message in rules.year_target_errors(baseline, years):
                row.error("year_1", message)

    def own(self, row, run) -> dict:
        v = row.values
        completed_on = v["completed_on"]
        return {
            "title": v["title"],
            "kind": v["kind"],
            "is_dx": bool(v["is_dx"]),
            "summary": v["summary"],
            "status": v["status"] or PlanStatus.DRAFTING,
            "started_on": v["started_on"],
            "completed_on": completed_on,
            "fiscal_year": fiscal_year(completed_on) if completed_on else None,
            "approved_on": v["approved_on"],
            "approving_body": v["approving_body"],
            "consultations": v["consultations"] or 0,
            "baseline_fiscal_year": v["baseline_fiscal_year"],
            "baseline_sales": v["baseline_sales"],
            "baseline_profit": v["baseline_profit"],
        }

    def inserted(self, row) -> tuple:
        own = row.extra["own"]
        if own["status"] in FOLLOWED_STATUSES:
            due = followup_rules.report_due(own["completed_on"])
            return (due, due)
        return (None, None)

    def children(self, row):
        v = row.values
        baseline = v["baseline_fiscal_year"]
        return tuple(
            (baseline + n, v[f"sales_{n}"], v[f"profit_{n}"])
            for n in YEARS
            if v[f"year_{n}"] is not None
            or v[f"sales_{n}"] is not None
            or v[f"profit_{n}"] is not None
        )

    def stored_children(self, pks):
        targets: dict[int, list] = {pk: [] for pk in pks}
        for plan_id, year, sales, profit in (
            PlanYearTarget.objects.filter(plan__in=pks)
            .order_by("fiscal_year")
            .values_list("plan_id", "fiscal_year", "sales", "profit")
        ):
            targets[plan_id].append((year, sales, profit))
        return {pk: tuple(found) for pk, found in targets.items()}

    def child_inserts(self, pk, row, run):
        org = run.organization.pk
        return [(org, pk, year, sales, profit) for year, sales, profit in row.extra["children"]]

    def export_queryset(self, queryset):
        return queryset.select_related("business", "staff").prefetch_related("year_targets")

    def export_values(self, plan, date_style) -> dict:
        yes, no = _("Yes"), _("No")
        values = {
            "id": plan.pk,
            **business_cells(plan),
            "title": plan.title,
            "kind": plan.get_kind_display(),
            "is_dx": yes if plan.is_dx else no,
            "status": plan.get_status_display(),
            "started_on": date_cell(plan.started_on, date_style),
            "completed_on": date_cell(plan.completed_on, date_style),
            "approved_on": date_cell(plan.approved_on, date_style),
            "approving_body": plan.approving_body,
            "consultations": plan.consultations,
            "staff": staff_cell(plan),
            "baseline_fiscal_year": fiscal_year_label(plan.baseline_fiscal_year)
            if plan.baseline_fiscal_year
            else None,
            "baseline_sales": plan.baseline_sales,
            "baseline_profit": plan.baseline_profit,
            "summary": plan.summary,
        }
        baseline = plan.baseline_fiscal_year
        for target in plan.year_targets.all():
            n = target.fiscal_year - baseline if baseline else None
            if n in YEARS:
                values[f"year_{n}"] = fiscal_year_label(target.fiscal_year)
                values[f"sales_{n}"] = target.sales
                values[f"profit_{n}"] = target.profit
        return values
