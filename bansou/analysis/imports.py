"""Import of past business analyses: one row per analysis (date, status, checklist, SWOT).

The figures of an analysis are imported with the financial statements kind (one row per fiscal
period, which finds or creates the business's analysis of its 分析日): an office manager copies
the periods as they are in the old sheets, not three periods side by side on one line. So an
old analysis comes in two files, statements first: they create the draft analysis of the
day, and this file then fills in its text and marks it completed (completing needs figures,
as on the screen). A business's analysis of a day is the same analysis, so importing a file
twice changes nothing; a completed analysis is never changed.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bansou.dataio import cleaners, lookups
from bansou.dataio.history import (
    HistoryKind,
    business_cells,
    date_cell,
    id_column,
    staff_cell,
)
from bansou.dataio.registry import Action, Column
from bansou.lib.eras import fiscal_year

from .models import AnalysisStatus, BusinessAnalysis, FinancialStatement, ITLevel

TEXT_FIELDS = tuple(
    f.name
    for f in BusinessAnalysis._meta.get_fields()
    if isinstance(f, models.TextField) and f.model is BusinessAnalysis
)
STATUS_WORDS = {"作成中": "draft", "下書き": "draft", "完了": "completed", "実施済": "completed"}


def _it_level(value) -> int:
    level = cleaners.positive_integer(str(value).split(":", 1)[0].split("：", 1)[0])
    if level not in ITLevel.values:
        raise cleaners.CellError(_("The IT use level is 1 to 5."))
    return level


def _text_column(name: str) -> Column:
    return Column(name, BusinessAnalysis._meta.get_field(name).verbose_name, empty="")


class AnalysesImport(HistoryKind):
    code = "analyses"
    label = gettext_lazy("Business analyses")
    description = gettext_lazy(
        "Past analyses, one per row: date, status, checklist and SWOT. Import their figures "
        "first with the financial statements (one row per fiscal period and the same 分析日)."
    )
    list_url_name = "analysis:list"
    order = 35
    model = BusinessAnalysis
    audit_prefix = "analysis.analysis"
    key_fields = ("analysed_on",)
    key_label = gettext_lazy("same business and analysis date")
    own_fields = ("analysed_on", "fiscal_year", "status", "completed_on", "it_level", *TEXT_FIELDS)
    columns = (
        id_column(),
        *lookups.business_columns(),
        Column(
            "analysed_on",
            gettext_lazy("analysed on"),
            aliases=("分析日", "分析実施日", "実施日"),
            required=True,
            clean=cleaners.day,
        ),
        Column(
            "status",
            gettext_lazy("status"),
            aliases=("状態", "ステータス"),
            clean=cleaners.choice(AnalysisStatus.choices, STATUS_WORDS),
            empty="",
            display=cleaners.choice_display(AnalysisStatus.choices),
        ),
        Column(
            "completed_on",
            gettext_lazy("completed on"),
            aliases=("完了日",),
            clean=cleaners.day,
        ),
        lookups.staff_column(),
        Column(
            "it_level",
            gettext_lazy("IT use level"),
            aliases=("IT活用度", "ITレベル"),
            clean=_it_level,
        ),
        *(_text_column(name) for name in TEXT_FIELDS),
    )
    example = {
        "business_name": "株式会社青葉鋳工所",
        "analysed_on": "令和6年7月8日",
        "status": "完了",
        "completed_on": "令和6年7月22日",
        "it_level": 2,
        "issues": "受注の季節変動が大きい",
        "strengths": "鋳造の短納期対応",
        "weaknesses": "営業人員の不足",
    }

    def begin(self, run) -> None:
        super().begin(run)
        run.cache["today"] = timezone.localdate()

    def check_row(self, row, run) -> None:
        v = row.values
        if v["status"] == AnalysisStatus.COMPLETED:
            if v["completed_on"] is None:
                row.error("completed_on", _("Enter the date the analysis was completed."))
            elif v["completed_on"] < v["analysed_on"]:
                row.error("completed_on", _("The analysis cannot be completed before it began."))
            elif v["completed_on"] > run.cache["today"]:
                row.error("completed_on", _("The analysis cannot be completed in the future."))
        elif v["completed_on"] is not None:
            row.error("status", _("A draft analysis has no completion date."))

    def own(self, row, run) -> dict:
        v = row.values
        return {
            "analysed_on": v["analysed_on"],
            "fiscal_year": fiscal_year(v["analysed_on"]),
            "status": v["status"] or AnalysisStatus.DRAFT,
            "completed_on": v["completed_on"],
            "it_level": v["it_level"],
            **{name: v[name] for name in TEXT_FIELDS},
        }

    def check_update(self, row, stored) -> None:
        if stored["status"] == AnalysisStatus.COMPLETED:
            row.error("status", _("The analysis is completed; it cannot be changed."))

    def resolve(self, rows, run) -> None:
        super().resolve(rows, run)
        completing = [
            r
            for r in rows
            if r.ok
            and r.action in (Action.CREATE, Action.UPDATE)
            and r.extra["own"]["status"] == AnalysisStatus.COMPLETED
        ]
        targets = {r.target["pk"] for r in completing if r.target}
        with_figures = set(
            FinancialStatement.objects.filter(analysis__in=targets).values_list(
                "analysis_id", flat=True
            )
            if targets
            else ()
        )
        for row in completing:
            if not row.target or row.target["pk"] not in with_figures:
                row.error(
                    "status",
                    _(
                        "A completed analysis needs its figures: import its financial "
                        "statements (same business and 分析日) first."
                    ),
                )

    def export_queryset(self, queryset):
        return queryset.select_related("business", "staff")

    def export_values(self, analysis, date_style) -> dict:
        return {
            "id": analysis.pk,
            **business_cells(analysis),
            "analysed_on": date_cell(analysis.analysed_on, date_style),
            "status": analysis.get_status_display(),
            "completed_on": date_cell(analysis.completed_on, date_style),
            "staff": staff_cell(analysis),
            "it_level": analysis.it_level,
            **{name: getattr(analysis, name) for name in TEXT_FIELDS},
        }
