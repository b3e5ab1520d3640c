"""Import of financial statements (決算書の数値) into analyses (経営状況の分析).

A row is one fiscal period of one business. It belongs to the business's analysis of the
given 分析日, or, without one, to the business's latest draft analysis; when there is none a
draft analysis is created for it (dated the 分析日, or today). A period already stored on that
analysis is updated, so re-importing the same file changes nothing. The analysis app's rules
hold: at most three periods per analysis, and a completed analysis is never changed.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.core.versioning import next_version
from bansou.lib.eras import fiscal_year, format_wareki

from .. import cleaners, lookups
from ..registry import Action, Column, ImportKind
from . import model_exists

MAX_PERIODS = 3  # analysis.models.MAX_PERIODS: "up to the last 3 periods"

MONEY = (
    ("sales", gettext_lazy("sales (千円)"), ("売上高", "売上", "売上金額")),
    ("cost_of_sales", gettext_lazy("cost of sales (千円)"), ("売上原価", "原価")),
    ("sga_variable", gettext_lazy("SG&A, variable (千円)"), ("変動販管費", "販管費(変動)")),
    ("sga_fixed", gettext_lazy("SG&A, fixed (千円)"), ("固定販管費", "販管費(固定)")),
    (
        "sga_total",
        gettext_lazy("SG&A, total (千円)"),
        ("販売費及び一般管理費", "販管費", "販売管理費"),
    ),
    ("operating_profit", gettext_lazy("operating profit (千円)"), ("営業利益", "営業損益")),
    ("ordinary_profit", gettext_lazy("ordinary profit (千円)"), ("経常利益", "経常損益")),
    ("depreciation", gettext_lazy("depreciation (千円)"), ("減価償却費",)),
    ("interest_paid", gettext_lazy("interest paid (千円)"), ("支払利息", "支払利息割引料")),
    ("receivables", gettext_lazy("receivables (千円)"), ("売上債権", "売掛金")),
    ("inventory", gettext_lazy("inventory (千円)"), ("棚卸資産", "在庫")),
    ("payables", gettext_lazy("payables (千円)"), ("買入債務", "買掛金")),
    ("cash", gettext_lazy("cash and deposits (千円)"), ("現預金", "現金預金", "現金及び預金")),
    (
        "interest_bearing_debt",
        gettext_lazy("interest-bearing debt (千円)"),
        ("有利子負債", "借入金"),
    ),
    ("net_assets", gettext_lazy("net assets (千円)"), ("純資産", "自己資本")),
    ("total_assets", gettext_lazy("total assets (千円)"), ("総資産", "資産合計", "総資本")),
)
FIGURES = (*(name for name, _label, _aliases in MONEY), "employees")


def _months(value) -> int:
    months = cleaners.positive_integer(value)
    if not 1 <= months <= 24:
        raise cleaners.CellError(_("A fiscal period lasts 1 to 24 months."))
    return months


class FinancialStatementsImport(ImportKind):
    code = "financial_statements"
    label = gettext_lazy("Financial statements")
    description = gettext_lazy(
        "One fiscal period per row (in thousands of yen), added to the business's analysis; "
        "a draft analysis is created when the business has none."
    )
    list_url_name = "analysis:list"
    order = 30
    export_only = (gettext_lazy("status"),)
    columns = (
        *lookups.business_columns(),
        Column(
            "analysed_on",
            gettext_lazy("analysed on"),
            aliases=("分析日", "分析実施日"),
            clean=cleaners.day,
        ),
        Column(
            "period_end",
            gettext_lazy("period end"),
            aliases=("決算期", "決算日", "決算期末", "期末日", "決算年月日"),
            required=True,
            clean=cleaners.day,
        ),
        Column("months", gettext_lazy("months"), aliases=("月数", "決算月数"), clean=_months),
        *(
            Column(name, label, aliases=aliases, clean=cleaners.money)
            for name, label, aliases in MONEY
        ),
        Column(
            "employees",
            gettext_lazy("employees"),
            aliases=("従業員数", "従業員"),
            clean=cleaners.count,
        ),
        lookups.staff_column(),
    )

    def available(self) -> bool:
        return model_exists("analysis.FinancialStatement")

    def validate_mapping(self, mapped: set[str]) -> list[str]:
        return lookups.business_mapping_problems(mapped)

    def begin(self, run) -> None:
        run.cache["today"] = timezone.localdate()
        run.cache["seen"] = {}  # (business, analysed_on or None, period_end) → row number
        run.cache["new_periods"] = {}  # analysis key → period ends this file adds

    def resolve(self, rows, run) -> None:
        from bansou.analysis.models import AnalysisStatus, BusinessAnalysis, FinancialStatement

        lookups.resolve_businesses(rows, run)
        lookups.resolve_staff(rows, run)
        rows = [r for r in rows if r.ok]
        if not rows:
            return
        analyses = list(
            BusinessAnalysis.objects.filter(
                organization=run.organization,
                business__in={r.extra["business"].pk for r in rows},
            )
            .order_by("business_id", "-analysed_on", "-pk")
            .values("pk", "business_id", "analysed_on", "status")
        )
        statements = {
            (s.analysis_id, s.period_end): s
            for s in FinancialStatement.objects.filter(analysis__in=[a["pk"] for a in analyses])
        }
        counts: dict[int, int] = {}
        for analysis_id, _end in statements:
            counts[analysis_id] = counts.get(analysis_id, 0) + 1
        for row in rows:
            analysis = self._analysis_for(row, analyses, AnalysisStatus)
            row.extra["analysis"] = analysis
            if not self._first_in_file(row, run):
                continue
            key = (
                analysis["pk"]
                if analysis
                else ("new", row.extra["business"].pk, row.extra["analysed_on"])
            )
            stored = (
                statements.get((analysis["pk"], row.values["period_end"])) if analysis else None
            )
            if stored is None and analysis and analysis["status"] != AnalysisStatus.DRAFT:
                row.error(
                    "analysed_on",
                    _("The analysis is completed; its figures cannot be changed."),
                )
            elif stored is None:
                self._prepare_create(row, run, key, counts.get(key, 0))
            else:
                self._prepare_update(row, run, stored, analysis, AnalysisStatus)

    def _analysis_for(self, row, analyses, statuses) -> dict | None:
        business_id = row.extra["business"].pk
        mine = [a for a in analyses if a["business_id"] == business_id]
        day = row.values["analysed_on"]
        if day is not None:
            row.extra["analysed_on"] = day
            same_day = [a for a in mine if a["analysed_on"] == day]
            drafts = [a for a in same_day if a["status"] == statuses.DRAFT]
            return (drafts or same_day or [None])[0]
        drafts = [a for a in mine if a["status"] == statuses.DRAFT]
        if drafts:
            row.extra["analysed_on"] = drafts[0]["analysed_on"]
            return drafts[0]
        row.extra["analysed_on"] = None  # a new draft, dated today
        return None

    def _first_in_file(self, row, run) -> bool:
        seen = run.cache["seen"]
        k = (row.extra["business"].pk, row.values["analysed_on"], row.values["period_end"])
        if k in seen:
            row.error(
                "period_end",
                _("The same period of the same business is already on row %(row)s.")
                % {"row": seen[k]},
            )
            return False
        seen[k] = row.number
        return True

    def _prepare_create(self, row, run, key, stored_count: int) -> None:
        added = run.cache["new_periods"].setdefault(key, set())
        if stored_count + len(added | {row.values["period_end"]}) > MAX_PERIODS:
            row.error(
                "period_end",
                _("An analysis holds at most %(count)s periods (the latest ones).")
                % {"count": MAX_PERIODS},
            )
            return
        added.add(row.values["period_end"])
        row.extra["analysis_key"] = key
        row.action = Action.CREATE
        row.match = (
            _("new draft analysis")
            if isinstance(key, tuple)
            else _("analysis of %(date)s") % {"date": format_wareki(row.extra["analysed_on"])}
        )

    def _prepare_update(self, row, run, stored, analysis, statuses) -> None:
        changed = []
        for name in ("months", *FIGURES):
            value = row.values[name]
            if run.is_mapped(name) and value is not None and getattr(stored, name) != value:
                changed.append((name, getattr(stored, name), value))
                setattr(stored, name, value)
        row.target = stored
        row.extra["changed"] = changed
        row.match = _("analysis of %(date)s") % {"date": format_wareki(analysis["analysed_on"])}
        if changed and analysis["status"] != statuses.DRAFT:
            row.error("analysed_on", _("The analysis is completed; its figures cannot be changed."))
            return
        row.action = Action.UPDATE if changed else Action.UNCHANGED

    def write(self, rows, run) -> None:
        from bansou.analysis.models import AnalysisStatus, BusinessAnalysis, FinancialStatement
        from bansou.audit.models import AuditEntry

        org = run.organization
        today = run.cache["today"]
        created_analyses: dict[tuple, BusinessAnalysis] = {}
        for row in rows:
            key = row.extra.get("analysis_key")
            if (
                row.action == Action.CREATE
                and isinstance(key, tuple)
                and key not in created_analyses
            ):
                day = row.extra["analysed_on"] or today
                analysis = BusinessAnalysis(
                    organization=org,
                    business=row.extra["business"],
                    staff_id=row.extra["staff_id"],
                    analysed_on=day,
                    fiscal_year=fiscal_year(day),
                    status=AnalysisStatus.DRAFT,
                )
                analysis.capture_business_facts()
                created_analyses[key] = analysis
        BusinessAnalysis.objects.bulk_create(created_analyses.values())
        from bansou.dashboard import counts

        counts.touch_pks(BusinessAnalysis, [a.pk for a in created_analyses.values()])
        new_statements = []
        for row in rows:
            if row.action != Action.CREATE:
                continue
            key = row.extra["analysis_key"]
            analysis_id = created_analyses[key].pk if isinstance(key, tuple) else key
            new_statements.append(
                FinancialStatement(
                    organization=org,
                    analysis_id=analysis_id,
                    period_end=row.values["period_end"],
                    months=row.values["months"] or 12,
                    **{name: row.values[name] for name in FIGURES},
                )
            )
        FinancialStatement.objects.bulk_create(new_statements)
        updated = [row.target for row in rows if row.action == Action.UPDATE]
        if updated:
            FinancialStatement.objects.bulk_update(updated, ["months", *FIGURES])
        # The periods are part of the analysis's edit form: an analysis whose periods changed is
        # a new version, so a form opened before the import cannot overwrite them.
        touched = {statement.analysis_id for statement in updated} | {
            row.extra["analysis_key"]
            for row in rows
            if row.action == Action.CREATE and not isinstance(row.extra["analysis_key"], tuple)
        }
        if touched:
            BusinessAnalysis.objects.filter(organization=org, pk__in=touched).update(
                lock_version=next_version()
            )
        entries = [
            _audit(
                a,
                "analysis.analysis.created",
                run,
                {"status": _change(_("status"), None, str(a.get_status_display()))},
            )
            for a in created_analyses.values()
        ]
        entries += self._statement_entries(rows, run, created_analyses)
        AuditEntry.objects.bulk_create(entries)
        # The next batch must see the drafts this one created (resolve queries the database).
        run.cache["new_periods"] = {
            k: v
            for k, v in run.cache["new_periods"].items()
            if not isinstance(k, tuple) or k not in created_analyses
        }

    def _statement_entries(self, rows, run, created_analyses) -> list:
        from bansou.analysis.models import BusinessAnalysis

        per_analysis: dict[int, dict] = {}
        for row in rows:
            if row.action == Action.CREATE:
                key = row.extra["analysis_key"]
                analysis_id = created_analyses[key].pk if isinstance(key, tuple) else key
                changes = {
                    f"statement:{row.values['period_end'].isoformat()}:{name}": _change(
                        _period_label(row.values["period_end"], name), None, row.values[name]
                    )
                    for name in FIGURES
                    if row.values[name] is not None
                }
            elif row.action == Action.UPDATE:
                analysis_id = row.target.analysis_id
                changes = {
                    f"statement:{row.target.period_end.isoformat()}:{name}": _change(
                        _period_label(row.target.period_end, name), old, new
                    )
                    for name, old, new in row.extra["changed"]
                }
            else:
                continue
            per_analysis.setdefault(analysis_id, {}).update(changes)
        analyses = BusinessAnalysis.objects.select_related("business").in_bulk(per_analysis)
        return [
            _audit(analyses[pk], "analysis.analysis.updated", run, changes)
            for pk, changes in per_analysis.items()
            if changes
        ]


def _period_label(period_end: date, name: str) -> str:
    from bansou.analysis.models import FinancialStatement

    label = FinancialStatement._meta.get_field(name).verbose_name
    return f"{format_wareki(period_end)} {label}"


def _change(label, old, new) -> dict:
    return {"label": str(label), "old": old, "new": new}


def _audit(analysis, action: str, run, changes: dict):
    from bansou.audit.services import unsaved_entry

    return unsaved_entry(analysis, action, run.actor, changes)
