"""The monthly progress table (KGI/KPI) and the national survey export: aggregates only."""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.http import require_GET

from bansou.core.errors import DomainError
from bansou.core.exports import XLSX_TYPE, CsvEncoding, FileFormat, choice, export_response
from bansou.core.permissions import Capability, requires
from bansou.evaluation.engine import evaluate, get_plan, monthly_progress
from bansou.evaluation.engine.engine import format_number
from bansou.evaluation.engine.progress import KGI_BANDS, KPI_BANDS, REVIEW_AT_OR_BELOW
from bansou.evaluation.models import DevelopmentPlan
from bansou.lib.eras import fiscal_year, fiscal_year_label
from bansou.lib.tabular import render_xlsx

from ..report import evaluation_dict
from ..survey import SurveyExporter, follow_up_trends, survey_lines

FISCAL_MONTHS = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)


def month_label(month: int) -> str:
    return _("month %(month)s") % {"month": month}


class ProgressFilterForm(forms.Form):
    """Which year and month the table is read at; the page and its download share it."""

    fy = forms.TypedChoiceField(label=pgettext_lazy("committee", "fiscal year"), coerce=int)
    month = forms.TypedChoiceField(label=gettext_lazy("as of the end of"), coerce=int)

    def __init__(self, data, *, today: date, plan_years: list[int] | None = None):
        self.today = today
        current = fiscal_year(today)
        years = sorted(set(plan_years)) if plan_years else list(range(current - 5, current + 2))
        self.default_year = default_year(years, current)
        # A past year opens on its last month (March), the current one on today's month.
        self.default_month = today.month if self.default_year == current else 3
        initial = {"fy": self.default_year, "month": self.default_month}
        super().__init__(
            {**initial, **data.dict()} if data else None, initial=initial, label_suffix=""
        )
        self.fields["fy"].choices = [(y, fiscal_year_label(y)) for y in reversed(years)]
        self.fields["month"].choices = [(m, month_label(m)) for m in FISCAL_MONTHS]

    def selection(self) -> tuple[int, date]:
        """(fiscal year, as-of date): the month's last day, or today within the current month."""
        if self.is_valid():
            fy, month = self.cleaned_data["fy"], self.cleaned_data["month"]
        else:
            fy, month = self.default_year, self.default_month
        year = fy if month >= 4 else fy + 1
        following = date(year + month // 12, month % 12 + 1, 1)
        month_end = date.fromordinal(following.toordinal() - 1)
        return fy, min(month_end, self.today)


def default_year(years: list[int], current: int) -> int:
    """The current fiscal year when a plan covers it, else the latest plan year before it
    (a plan that ended), else the first one (a plan not started yet)."""
    if current in years:
        return current
    past = [y for y in years if y < current]
    return max(past) if past else min(years)


def plan_years(organization) -> list[int]:
    """Every fiscal year some plan of the organization covers (after amendments)."""
    plans = DevelopmentPlan.objects.filter(organization=organization).prefetch_related("amendments")
    return sorted({year for plan in plans for year in plan.fiscal_years()})


def filter_form(request: HttpRequest) -> ProgressFilterForm:
    return ProgressFilterForm(
        request.GET, today=timezone.localdate(), plan_years=plan_years(request.user.organization)
    )


def _progress(request: HttpRequest):
    form = filter_form(request)
    fy, as_of = form.selection()
    try:
        plan = get_plan(request.user.organization, fy)
    except DomainError as exc:
        return form, None, exc.message
    return form, monthly_progress(plan, fy, as_of), ""


def target_text(row) -> str:
    """The annual target as the plan states it: a number (with 以上 for a floor), 随時 only
    where the plan says 随時, else "－" (a row without a target is not "as needed")."""
    if row.target is not None:
        number = format_number(row.target) + (row.unit or "")
        return (
            number + pgettext("committee", " or more") if row.target_kind == "at_least" else number
        )
    if row.target_kind == "as_needed":
        return pgettext("committee", "as needed")
    return "－"


def bands_text(bands) -> str:
    """ "5: 100%以上、4: 80%以上、…、1: それ未満" from the engine's own bands."""
    parts = [
        _("%(level)s: %(percent)s%% or more") % {"level": level, "percent": minimum}
        for level, minimum in bands
    ]
    parts.append(_("%(level)s: below that") % {"level": bands[-1][0] - 1})
    return _(", ").join(parts)


def level_explanations() -> dict[str, str]:
    """KGI and KPI in plain Japanese, beside the table (plan §9)."""
    return {
        "kgi": _(
            "KGI (how far the year's goal is reached): the cumulative actual divided by the "
            "annual target, in five levels (%(bands)s)."
        )
        % {"bands": bands_text(KGI_BANDS)},
        "kpi": _(
            "KPI (whether the work is on schedule): the cumulative actual divided by the annual "
            "target pro-rated to the month (target × months elapsed ÷ 12), in five levels "
            "(%(bands)s)."
        )
        % {"bands": bands_text(KPI_BANDS)},
        "review": _(
            "A row with a KGI of %(level)s or less is marked “needs review”: the plan asks for "
            "its approach to be reviewed. Rows without a numeric target (随時, －) and rows not "
            "carried out get no level."
        )
        % {"level": REVIEW_AT_OR_BELOW},
    }


def month_labels(table) -> list[str]:
    return [month_label(int(m.split("-")[1])) for m in table.months]


@requires(Capability.EVALUATION_READ)
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    form, table, problem = _progress(request)
    context = {
        "form": form,
        "table": table,
        "problem": problem,
        "explanations": level_explanations(),
    }
    if table is not None:
        context["months"] = month_labels(table)
        context["rows"] = [
            {
                **vars(row),
                "target_text": target_text(row),
                "pairs": list(zip(row.cumulative, row.prorated_target, strict=True)),
            }
            for row in table.rows
        ]
        context["review_count"] = sum(1 for row in table.rows if row.needs_review)
        context["query_string"] = request.GET.urlencode()
    return render(request, "committee/progress.html", context)


def progress_header(table) -> list[str]:
    return [
        pgettext("committee", "section"),
        pgettext("committee", "activity"),
        pgettext("committee", "department"),
        pgettext("committee", "unit"),
        pgettext("committee", "annual target"),
        *month_labels(table),
        _("target pro-rated to the month"),
        _("KGI"),
        _("KPI"),
        pgettext("committee", "review"),
    ]


def progress_rows(table):
    elapsed = table.months_elapsed
    for row in table.rows:
        prorated = row.prorated_target[elapsed - 1] if elapsed else None
        yield [
            row.section_number,
            row.title,
            row.department,
            row.unit,
            row.target if row.target_kind == "number" else target_text(row),
            *row.cumulative,
            prorated,
            row.kgi_level,
            row.kpi_level,
            pgettext("committee", "needs review") if row.needs_review else "",
        ]


@requires(Capability.EVALUATION_READ)
@require_GET
def progress_xlsx(request: HttpRequest) -> HttpResponse:
    form, table, problem = _progress(request)
    if table is None:
        return render(
            request, "committee/progress.html", {"form": form, "problem": problem}, status=404
        )
    content = render_xlsx(
        progress_header(table), progress_rows(table), sheet_title=_("Monthly progress")
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    stamp = table.as_of.strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="progress-{table.fiscal_year}-{stamp}.xlsx"'
    )
    return response


@requires(Capability.EVALUATION_READ)
@require_GET
def survey_export(request: HttpRequest) -> HttpResponse:
    """調査票A for a fiscal year: the year's live evaluation and follow-up outcomes."""
    form = filter_form(request)
    fy, _as_of = form.selection()
    try:
        plan = get_plan(request.user.organization, fy)
    except DomainError as exc:
        return render(
            request, "committee/progress.html", {"form": form, "problem": exc.message}, status=404
        )
    evaluation = evaluation_dict(evaluate(plan, fy))
    lines = survey_lines(evaluation, follow_up_trends(plan.organization_id, fy))
    exporter = SurveyExporter(lines, fiscal_year_label=fiscal_year_label(fy))
    file_format = choice(request.GET.get("format"), FileFormat, FileFormat.XLSX)
    encoding = choice(request.GET.get("encoding"), CsvEncoding, CsvEncoding.UTF8)
    return export_response(exporter, file_format, encoding)
