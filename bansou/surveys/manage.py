"""Survey management screens for 総合政策課's staff: a survey's definition, its items, its
panel, and the personal response links of a round (page, printable sheet, CSV, e-mail).

Rounds are opened on the survey page and published on the round page (views.py); publishing
records the round in the publications register (services.sync_publication).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.businesses.models import Business
from bansou.core.errors import DomainError
from bansou.core.exports import Exporter, FileFormat, download
from bansou.core.ids import id_or_404
from bansou.core.permissions import Capability, requires

from . import services
from .forms import ItemForm, PanelSearchForm, SurveyForm
from .models import Survey, SurveyItem, SurveyRound
from .presentation import period_label

PANEL_SEARCH_LIMIT = 20
PANEL_PAGE = 500


def _survey(request: HttpRequest, pk: int) -> Survey:
    return get_object_or_404(
        Survey.objects.filter(organization=request.user.organization_id), pk=pk
    )


def _item(request: HttpRequest, pk: int) -> SurveyItem:
    return get_object_or_404(
        SurveyItem.objects.filter(organization=request.user.organization_id).select_related(
            "survey"
        ),
        pk=pk,
    )


def _round(request: HttpRequest, pk: int) -> SurveyRound:
    return get_object_or_404(
        SurveyRound.objects.filter(organization=request.user.organization_id).select_related(
            "survey", "organization"
        ),
        pk=pk,
    )


def _survey_form(request: HttpRequest, survey: Survey | None) -> HttpResponse:
    instance = survey or Survey(organization=request.user.organization)
    form = SurveyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_survey(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the survey %(name)s.") % {"name": saved.name})
            return redirect("surveys:detail", pk=saved.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@requires(Capability.SURVEYS)
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    return _survey_form(request, None)


@requires(Capability.SURVEYS)
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_form(request, _survey(request, pk))


def _item_form(request: HttpRequest, survey: Survey, item: SurveyItem | None) -> HttpResponse:
    if item is None:
        order = survey.items.count()
        instance = SurveyItem(organization_id=survey.organization_id, survey=survey)
        form = ItemForm(request.POST or None, instance=instance, initial={"sort_order": order})
    else:
        form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_item(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the item %(name)s.") % {"name": saved.name})
            return redirect("surveys:detail", pk=survey.pk)
    context = {"form": form, "survey": survey, "item": item}
    return render(request, "surveys/item_form.html", context)


@requires(Capability.SURVEYS)
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_form(request, _survey(request, pk), None)


@requires(Capability.SURVEYS)
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return _item_form(request, item.survey, item)


@requires(Capability.SURVEYS)
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    try:
        services.delete_item(item, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Deleted the item %(name)s.") % {"name": item.name})
    return redirect("surveys:detail", pk=item.survey_id)


@requires(Capability.SURVEYS)
@require_http_methods(["GET", "POST"])
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The survey's panel with a search of the register to add businesses (POST add/remove)."""
    survey = _survey(request, pk)
    if request.method == "POST":
        business = get_object_or_404(
            Business.objects.filter(organization=request.user.organization_id),
            pk=id_or_404(request.POST.get("business")),
        )
        try:
            if "remove" in request.POST:
                services.remove_from_panel(survey, business, actor=request.user)
                messages.success(
                    request, _("Removed %(name)s from the panel.") % {"name": business.name}
                )
            else:
                services.add_to_panel(survey, business, actor=request.user)
                messages.success(
                    request, _("Added %(name)s to the panel.") % {"name": business.name}
                )
        except DomainError as exc:
            messages.error(request, exc.message)
        query = request.POST.get("q", "")
        url = redirect("surveys:panel", pk=survey.pk).url
        return redirect(f"{url}?q={query}" if query else url)
    form = PanelSearchForm(request.GET or None)
    found = []
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        found = list(
            Business.objects.filter(organization=request.user.organization_id)
            .search(query)
            .exclude(pk__in=survey.panel.values("pk"))
            .order_by("name_kana", "pk")
            .only("pk", "name", "name_kana", "corporate_number", "industry")[:PANEL_SEARCH_LIMIT]
        )
    members = survey.panel.order_by("name_kana", "pk").only(
        "pk", "name", "name_kana", "corporate_number", "industry"
    )
    total = members.count()
    context = {
        "survey": survey,
        "form": form,
        "query": query,
        "found": found,
        "members": list(members[:PANEL_PAGE]),
        "total": total,
        "shown_limit": PANEL_PAGE,
    }
    return render(request, "surveys/panel.html", context)


@requires(Capability.SURVEYS)
@require_http_methods(["GET", "POST"])
def links(request: HttpRequest, pk: int) -> HttpResponse:
    """Every panel business's personal link for a round; POST sends them by e-mail."""
    round_ = _round(request, pk)
    base = request.build_absolute_uri("/")
    if request.method == "POST":
        sent = services.send_links(
            round_, actor=request.user, base=base, only_unanswered="all" not in request.POST
        )
        messages.success(request, _("Sent %(count)s e-mails.") % {"count": sent})
        return redirect("surveys:links", pk=round_.pk)
    rows = services.panel_links(round_, base=base)
    template = "surveys/links_print.html" if request.GET.get("print") else "surveys/links.html"
    context = {
        "round": round_,
        "survey": round_.survey,
        "rows": rows,
        "period_label": period_label(round_),
        "with_address": sum(1 for r in rows if r["business"].email and not r["answered"]),
        "answered": sum(1 for r in rows if r["answered"]),
    }
    return render(request, template, context)


class LinksExporter(Exporter):
    """The personal links of a round's panel, for a mail merge or a printed letter."""

    filename_stem = "survey-links"

    def sheet_title(self) -> str:
        return _("Response links")

    def header(self) -> list[str]:
        return [
            _("business"), _("corporate number"), _("e-mail address"),
            _("answered already"), _("response link"),
        ]  # fmt: skip

    def rows(self):
        for r in self.queryset:
            business = r["business"]
            answered = _("answered already") if r["answered"] else ""
            yield [business.name, business.corporate_number, business.email, answered, r["url"]]


@requires(Capability.SURVEYS)
def links_csv(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    rows = services.panel_links(round_, base=request.build_absolute_uri("/"))
    return download(request, LinksExporter, rows, default_format=FileFormat.CSV)
