"""Screens of the plan and its evaluation: plans, definition, result, drill-down, inputs."""

from collections import defaultdict
from dataclasses import dataclass
from functools import wraps

import yaml
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bansou.businesses.models import Business
from bansou.core.errors import DomainError
from bansou.core.exports import XLSX_TYPE, download
from bansou.core.ids import id_or_404, optional_id_or_404
from bansou.core.pagination import paginate
from bansou.core.permissions import Capability, requires
from bansou.lib.eras import fiscal_year as fiscal_year_of

from . import opening, services
from .drilldown_export import DrilldownExporter
from .engine import drilldown, evaluate
from .engine.drilldown import listed_total, rule_of
from .engine.kinds import KINDS
from .engine.structure import targets_in_force
from .engine.wording import model_vocabulary, rule_sentence
from .forms import (
    ChangeReasonForm,
    ItemYearForm,
    ManualActualForm,
    OpeningFigureForm,
    PlanFileForm,
)
from .loaders import (
    get_entry,
    get_fiscal_year,
    get_item_for_user,
    get_plan_for_user,
    may_keep_plan,
)
from .models import (
    DevelopmentPlan,
    ItemSource,
    ItemYear,
    ManualActual,
    OpeningFigure,
    PlanItem,
    PlanSection,
)
from .publication import differences, is_published, published_report


@requires(Capability.EVALUATION_READ)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    plans = (
        DevelopmentPlan.objects.filter(organization=request.user.organization_id)
        .prefetch_related("amendments")
        .order_by("-starts_on", "pk")
    )
    context = {"plans": plans, "can_keep": may_keep_plan(request.user)}
    return render(request, "evaluation/index.html", context)


@requires(Capability.EVALUATION_READ)
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    in_force = plan.fiscal_years()
    # Targets of every accredited year, including those an amendment cut from the period.
    accredited = list(range(fiscal_year_of(plan.starts_on), fiscal_year_of(plan.ends_on) + 1))
    targets = {year: targets_in_force(plan, year) for year in accredited}
    sections = list(PlanSection.objects.filter(plan=plan).order_by("number", "pk"))
    items = defaultdict(list)
    for item in PlanItem.objects.filter(plan=plan).select_related("department").order_by("order"):
        item.year_targets = [(year, targets[year].get(item.pk)) for year in accredited]
        items[item.section_id].append(item)
    blocks = []
    for section in sections:
        if section.parent_id is None:
            blocks.append((section, items.get(section.pk, [])))
            for sub in sections:
                if sub.parent_id == section.pk:
                    blocks.append((sub, items.get(sub.pk, [])))
    context = {
        "plan": plan,
        "years": accredited,
        "in_force": in_force,
        "blocks": blocks,
        "can_keep": may_keep_plan(request.user),
    }
    return render(request, "evaluation/plan_detail.html", context)


@requires(Capability.EVALUATION_READ)
@require_GET
def result(request: HttpRequest, pk: int, fiscal_year: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    get_fiscal_year(plan, fiscal_year)
    evaluation = evaluate(plan, fiscal_year)
    published = published_report(plan, fiscal_year)
    context = {
        "plan": plan,
        "result": evaluation,
        "published": published is not None,
        # What moved since the committee's report was confirmed (the public page keeps it).
        "differences": differences(published, evaluation.to_dict()) if published else [],
        # Committee members see numbers only (DOMAIN: they never read a business's record).
        "can_drill": request.user.has_capability(Capability.EVALUATION_RECORDS),
        "can_keep": may_keep_plan(request.user),
        "can_draft": request.user.has_capability(Capability.EVALUATION_READ),
    }
    return render(request, "evaluation/result.html", context)


@dataclass(frozen=True)
class Drilled:
    """A rule row's drill-down: everything counted (`found`) and what this user may see."""

    plan: DevelopmentPlan
    fiscal_year: int
    key: str
    item: PlanItem
    rule: object
    exclusion: str | None
    found: object
    shown: object


def _drilled(request: HttpRequest, pk: int, fiscal_year: int, key: str) -> Drilled:
    """The drill-down of a rule row; 404 for another chamber's plan or an unknown year or
    row, DomainError for a row that cannot be drilled into."""
    plan = get_plan_for_user(request.user, pk)
    get_fiscal_year(plan, fiscal_year)
    item = get_item_for_user(request.user, plan, key)
    exclusion = request.GET.get("exclusion") or None
    _item, rule = rule_of(plan, key)
    found = drilldown(plan, fiscal_year, key, exclusion)
    visible = Business.objects.for_user(request.user)
    if found.model is Business:
        shown = found.filter(pk__in=visible.values("pk"))
    elif not rule.kind.has_business:  # meetings, publications: no business to hide
        shown = found
    else:
        shown = found.filter(business__in=visible.values("pk"))
    return Drilled(plan, fiscal_year, key, item, rule, exclusion, found, shown)


def _drill_down(view):
    """A drill-down view, given what _drilled() finds; a row that cannot be drilled into goes
    back to the year's result with the reason."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, fiscal_year: int, key: str) -> HttpResponse:
        try:
            drilled = _drilled(request, pk, fiscal_year, key)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("evaluation:result", pk=pk, fiscal_year=fiscal_year)
        return view(request, drilled)

    return wrapper


def _row_and_parent(evaluation, key: str):
    """The row's result in the year's table, and the activity row it is an outcome of."""
    for section in evaluation.sections:
        for row in section.all_rows():
            if row.key == key:
                return row, None
            for outcome in row.outcomes:
                if outcome.key == key:
                    return outcome, row
    return None, None


@requires(Capability.EVALUATION_RECORDS)
@require_GET
@_drill_down
def drilldown_view(request: HttpRequest, drilled: Drilled) -> HttpResponse:
    item, found = drilled.item, drilled.found
    total = found.count()
    page = paginate(request, drilled.shown)
    params = request.GET.copy()
    params.pop("page", None)
    figure = OpeningFigure.objects.filter(item=item, fiscal_year=drilled.fiscal_year).first()
    evaluation = evaluate(drilled.plan, drilled.fiscal_year)
    row, parent = _row_and_parent(evaluation, item.key)
    context = {
        "plan": drilled.plan,
        "fiscal_year": drilled.fiscal_year,
        "item": item,
        "opening": figure and evaluation.row(item.key).opening,
        "can_keep": may_keep_plan(request.user),
        "rule": drilled.rule,
        "rule_sentence": rule_sentence(drilled.rule, model_vocabulary(KINDS.values())),
        "rule_text": yaml.safe_dump(
            item.rule, allow_unicode=True, default_flow_style=True, width=10_000
        ).strip(),
        "row": row,
        "parent": parent,
        "exclusion": drilled.exclusion,
        "total": total,
        # What the listed lines add up to by the rule: the table's figure (or the exclusion's).
        "figure": listed_total(drilled.rule, found),
        "is_sum": drilled.rule.count == "sum",
        # Outcomes of programmes list what they are made of: each store's sales, each deal.
        "kind_columns": drilled.rule.kind_code if found.model is not Business else "",
        "amount_label": model_vocabulary([drilled.rule.kind]).field(
            drilled.rule.kind, drilled.rule.sum_field or ""
        ),
        "hidden": total - page.paginator.count,
        "page": page,
        "lists_businesses": found.model is Business,
        "without_business": not drilled.rule.kind.has_business,
        "query_string": params.urlencode(),
    }
    return render(request, "evaluation/drilldown.html", context)


@requires(Capability.EVALUATION_RECORDS)
@require_GET
@_drill_down
def drilldown_export(request: HttpRequest, drilled: Drilled) -> HttpResponse:
    """What the drill-down page lists, as a file (record readers only, like the page)."""
    title = f"{drilled.item.label}{drilled.item.title}"
    if drilled.exclusion:
        title = f"{title} " + _("Excluded as %(name)s") % {"name": drilled.exclusion}
    return download(
        request,
        DrilldownExporter,
        drilled.shown,
        title=title,
        rule=drilled.rule,
        key=drilled.key,
    )


@requires(Capability.PLAN_MANAGE)
@require_http_methods(["GET", "POST"])
def manual_actual(request: HttpRequest, pk: int, fiscal_year: int, key: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, keep=True)
    get_fiscal_year(plan, fiscal_year)
    item = get_item_for_user(request.user, plan, key)
    item.plan = plan
    editing = None
    if (entry_pk := optional_id_or_404(request.GET.get("entry"))) is not None:
        editing = get_entry(item, fiscal_year, entry_pk)
    action = request.POST.get("action", "entry")
    year = ItemYear.objects.filter(item=item, fiscal_year=fiscal_year).first()
    published = is_published(plan, fiscal_year)
    reason_form = ChangeReasonForm(request.POST if request.method == "POST" else None)
    entry_form = ManualActualForm(
        request.POST if request.method == "POST" and action == "entry" else None,
        initial={"recorded_on": editing.recorded_on, "value": int(editing.value),
                 "evidence": editing.evidence} if editing else None,
        versioned=editing,
    )  # fmt: skip
    year_form = ItemYearForm(
        request.POST if request.method == "POST" and action == "year" else None,
        initial={"status": year.status, "reason": year.reason, "remarks": year.remarks}
        if year
        else None,
        versioned=year,
    )
    if request.method == "POST":
        try:
            change_reason = ""
            if published and reason_form.is_valid():
                change_reason = reason_form.cleaned_data["change_reason"]
            done = _save_inputs(
                request, item, fiscal_year, action, editing, entry_form, year_form, change_reason
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            done = False
        if done:
            return redirect(
                "evaluation:manual_actual", pk=plan.pk, fiscal_year=fiscal_year, key=item.key
            )
    context = {
        "plan": plan,
        "fiscal_year": fiscal_year,
        "item": item,
        "entries": ManualActual.objects.filter(item=item, fiscal_year=fiscal_year)
        .select_related("entered_by")
        .order_by("recorded_on", "pk"),
        "editing": editing,
        "entry_form": entry_form,
        "year_form": year_form,
        "takes_entries": item.source == ItemSource.MANUAL,
        "published": published,
        "reason_form": reason_form if published else None,
    }
    return render(request, "evaluation/manual_actual.html", context)


@requires(Capability.PLAN_MANAGE)
@require_http_methods(["GET", "POST"])
def opening_figure(request: HttpRequest, pk: int, fiscal_year: int, key: str) -> HttpResponse:
    """移行前の集計値 of a rule row: enter it (years without records), or choose which stands."""
    plan = get_plan_for_user(request.user, pk, keep=True)
    get_fiscal_year(plan, fiscal_year)
    item = get_item_for_user(request.user, plan, key)
    item.plan = plan
    if item.source != ItemSource.RULE:
        raise Http404
    figure = OpeningFigure.objects.filter(item=item, fiscal_year=fiscal_year).first()
    action = request.POST.get("action", "save")
    form = OpeningFigureForm(
        request.POST if request.method == "POST" and action == "save" else None,
        initial={"value": int(figure.value), "source_file": figure.source_file,
                 "note": figure.note} if figure else None,
        versioned=figure,
    )  # fmt: skip
    if request.method == "POST":
        try:
            done = _save_opening(request, item, fiscal_year, figure, action, form)
        except DomainError as exc:
            messages.error(request, exc.message)
            done = False
        if done:
            return redirect("evaluation:opening_figure", pk=plan.pk, fiscal_year=fiscal_year,
                            key=item.key)  # fmt: skip
    context = {
        "plan": plan,
        "fiscal_year": fiscal_year,
        "item": item,
        "figure": figure,
        "opening": figure and evaluate(plan, fiscal_year).row(item.key).opening,
        "form": form,
    }
    return render(request, "evaluation/opening_figure.html", context)


def _save_opening(request, item, fiscal_year, figure, action, form) -> bool:
    if action == "save":
        if not form.is_valid():
            return False
        opening.enter_opening_figure(
            item, fiscal_year=fiscal_year, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Saved the opening figure."))
        return True
    if figure is None:
        raise Http404
    if action == "choose":
        opening.choose_figure(figure, stands=request.POST.get("stands", ""), actor=request.user)
        messages.success(request, _("Saved which figure stands."))
        return True
    if action == "delete":
        opening.delete_opening_figure(figure, actor=request.user)
        messages.success(request, _("Deleted the opening figure."))
        return True
    return False


def _save_inputs(
    request, item, fiscal_year, action, editing, entry_form, year_form, change_reason
) -> bool:
    user = request.user
    why = {"change_reason": change_reason}
    if action == "delete":
        entry = get_entry(item, fiscal_year, id_or_404(request.POST.get("entry")))
        services.delete_manual_actual(entry, actor=user, **why)
        messages.success(request, _("Deleted the entry."))
        return True
    if action == "year" and year_form.is_valid():
        services.set_item_year(item, fiscal_year, actor=user, **year_form.cleaned_data, **why)
        messages.success(request, _("Saved the state of the row for the year."))
        return True
    if action == "entry" and entry_form.is_valid():
        data = entry_form.cleaned_data
        if editing:
            services.update_manual_actual(editing, actor=user, **data, **why)
        else:
            services.record_manual_actual(item, fiscal_year=fiscal_year, actor=user, **data, **why)
        messages.success(request, _("Saved the actual."))
        return True
    return False


@requires(Capability.PLAN_MANAGE)
@require_http_methods(["GET", "POST"])
def import_definition(request: HttpRequest) -> HttpResponse:
    if not may_keep_plan(request.user):
        raise PermissionDenied
    form = PlanFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.import_definition(
                request.user.organization,
                form.cleaned_data["file"].read(),
                file_format=form.file_format(),
                actor=request.user,
            )
        except services.PlanFileError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("Imported the plan %(title)s.") % {"title": plan.title})
            return redirect("evaluation:plan_detail", pk=plan.pk)
    return render(request, "evaluation/import.html", {"form": form, "problems": problems})


# The plan as YAML, as the workbook, or as the flat table `bansou import plan_definitions` reads.
EXPORT_TYPES = {
    "yaml": "application/yaml; charset=utf-8",
    "xlsx": XLSX_TYPE,
    "csv": "text/csv; charset=utf-8",
}


@requires(Capability.EVALUATION_READ)
@require_GET
def export_definition(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk)
    file_format = request.GET.get("format")
    file_format = file_format if file_format in EXPORT_TYPES else "yaml"
    content = services.export_definition(plan, file_format)
    content_type = EXPORT_TYPES[file_format]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{plan.code}.{file_format}"'
    return response
