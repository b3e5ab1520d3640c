"""Survey screens: surveys, a survey's rounds and DI over time, a round's report, answer
entry (by staff, or from a follow call's support record), and the public pages (the
published economic report, the personal response link)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bansou.analysis.report import content_disposition
from bansou.audit.services import snapshot
from bansou.businesses.models import Business
from bansou.core.errors import DomainError
from bansou.core.ids import optional_id_or_404
from bansou.core.permissions import Capability, public, requires
from bansou.organizations.models import Organization

from . import pdf, services
from .forms import AnswerForm, ReportForm, RoundForm
from .models import Channel, Survey, SurveyAnswer, SurveyResponse, SurveyRound
from .periods import quarter_of
from .presentation import period_label, round_context, survey_context

FOLLOW_CALL = "follow-call"


def _surveys(request: HttpRequest):
    return Survey.objects.filter(organization=request.user.organization_id)


def _round(request: HttpRequest, pk: int) -> SurveyRound:
    return get_object_or_404(
        SurveyRound.objects.filter(organization=request.user.organization_id).select_related(
            "survey", "publication"
        ),
        pk=pk,
    )


@requires(Capability.SURVEYS)
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = _surveys(request).annotate(
        round_count=Count("rounds", distinct=True),
        published_count=Count("rounds", filter=Q(rounds__published=True), distinct=True),
        latest=Max("rounds__starts_on"),
    )
    return render(request, "surveys/list.html", {"surveys": surveys})


@requires(Capability.SURVEYS)
@require_http_methods(["GET", "POST"])
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(_surveys(request), pk=pk)
    form = RoundForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.create_round(
                survey,
                form.cleaned_data["period"],
                conducted_on=form.cleaned_data["conducted_on"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error("period", exc.message)
        else:
            messages.success(request, _("Added the round %(period)s.") % {"period": round_.period})
            return redirect("surveys:round", pk=round_.pk)
    rounds = (
        SurveyRound.objects.filter(survey=survey)
        .annotate(respondents=Count("responses"))
        .order_by("-starts_on", "-pk")
    )
    item_id = optional_id_or_404(request.GET.get("item"))
    context = {
        "survey": survey,
        "items": list(survey.items.all()),
        "rounds": rounds,
        "form": form,
        "panel_count": survey.panel.count(),
        **survey_context(survey, item_id=item_id),
    }
    return render(request, "surveys/survey.html", context)


@requires(Capability.SURVEYS)
@require_http_methods(["GET", "POST"])
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    before = snapshot(round_, services.ROUND_FIELDS)
    form = ReportForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(form.save(commit=False), before, actor=request.user)
        except DomainError as exc:
            # A year whose committee report is out is closed to the publications register.
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the report."))
            return redirect("surveys:round", pk=round_.pk)
    context = round_context(round_)
    context["form"] = form
    context["public_url"] = reverse(
        "surveys:public_report",
        kwargs={"org_slug": request.user.organization.slug, "pk": round_.pk},
    )
    return render(request, "surveys/round.html", context)


@requires(Capability.SURVEYS)
def round_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    response = HttpResponse(pdf.render_pdf(round_, public=False), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        pdf.filename(round_), f"survey-report-{round_.pk}.pdf"
    )
    return response


def _panel_rows(round_: SurveyRound) -> list[dict]:
    answered = set(
        SurveyResponse.objects.filter(round=round_).values_list("business_id", flat=True)
    )
    panel = round_.survey.panel.order_by("name_kana", "pk").only("pk", "name")
    return [{"business": b, "answered": b.pk in answered} for b in panel]


@requires(Capability.SURVEYS)
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answers of one business (?business=ID), phone-friendly; without one, the panel."""
    round_ = _round(request, pk)
    org = request.user.organization_id
    business_id = optional_id_or_404(request.GET.get("business") or request.POST.get("business"))
    record_id = optional_id_or_404(request.GET.get("support_record"))
    support_record = None
    if record_id is not None:
        from bansou.support.loaders import get_record_for_user

        support_record = get_record_for_user(request.user, record_id)
        business_id = support_record.business_id
    if business_id is None:
        return render(
            request,
            "surveys/pick.html",
            {"round": round_, "rows": _panel_rows(round_), "period_label": period_label(round_)},
        )
    business = get_object_or_404(Business.objects.filter(organization=org), pk=business_id)
    items = list(round_.survey.items.all())
    existing = SurveyResponse.objects.filter(round=round_, business=business).first()
    initial = {}
    if existing is not None:
        initial["comment"] = existing.comment
        initial["channel"] = existing.channel
        for a in SurveyAnswer.objects.filter(response=existing):
            initial[f"item_{a.item_id}"] = a.side or a.text
    if support_record is not None:
        initial["channel"] = Channel.SUPPORT
    form = AnswerForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_response(
                round_,
                business,
                form.answers(),
                channel=form.cleaned_data["channel"],
                comment=form.cleaned_data["comment"],
                actor=request.user,
                support_record=support_record,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the answers of %(name)s.") % {"name": business.name})
            if support_record is not None:
                return redirect("support:detail", pk=support_record.pk)
            return redirect(reverse("surveys:answer", kwargs={"pk": round_.pk}))
    link = request.build_absolute_uri(
        reverse("surveys:respond", kwargs={"token": services.response_token(round_, business)})
    )
    context = {
        "round": round_,
        "business": business,
        "form": form,
        "existing": existing,
        "support_record": support_record,
        "response_link": link,
        "period_label": period_label(round_),
    }
    return render(request, "surveys/answer.html", context)


@requires(Capability.SURVEYS)
def from_support(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Record survey answers" from a follow call's support record: the follow-call survey's
    round of the call's calendar quarter (created if none yet), prefilled with the business."""
    from bansou.support.loaders import get_record_for_user

    record = get_record_for_user(request.user, pk)
    survey = _surveys(request).filter(code=FOLLOW_CALL).first()
    if survey is None:
        raise Http404("no follow-call survey")
    period = quarter_of(record.occurred_on)
    round_ = SurveyRound.objects.filter(survey=survey, period=period.code).first()
    if round_ is None:
        round_ = services.create_round(
            survey, period.code, conducted_on=record.occurred_on, actor=request.user
        )
    url = reverse("surveys:answer", kwargs={"pk": round_.pk})
    return redirect(f"{url}?support_record={record.pk}")


# --- public pages --------------------------------------------------------------------------


def _published(org_slug: str, pk: int) -> SurveyRound:
    organization = get_object_or_404(Organization, slug=org_slug)
    return get_object_or_404(
        SurveyRound.objects.filter(organization=organization, published=True).select_related(
            "survey", "organization"
        ),
        pk=pk,
    )


@public
def public_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The chamber's published economic reports, newest first (no login)."""
    organization = get_object_or_404(Organization, slug=org_slug)
    rounds = (
        SurveyRound.objects.filter(organization=organization, published=True)
        .select_related("survey")
        .order_by("-published_on", "-pk")
    )
    rows = [{"round": r, "label": period_label(r)} for r in rounds[:200]]
    with translation.override(settings.LANGUAGE_CODE):
        return render(
            request, "surveys/public_list.html", {"organization": organization, "rows": rows}
        )


@public
def public_report(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    round_ = _published(org_slug, pk)
    with translation.override(settings.LANGUAGE_CODE):
        context = round_context(round_, public=True)
        context["organization"] = round_.organization
        return render(request, "surveys/report.html", context)


@public
def public_pdf(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    round_ = _published(org_slug, pk)
    response = HttpResponse(pdf.render_pdf(round_, public=True), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        pdf.filename(round_), f"economic-report-{round_.pk}.pdf"
    )
    return response


@public
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """A business answers through its personal link: no login, shows only its own round's
    questions and its business name, never other answers or figures."""
    found = services.read_token(token)
    if found is None:
        raise Http404("bad token")
    round_ = get_object_or_404(SurveyRound.objects.select_related("survey"), pk=found[0])
    business = get_object_or_404(
        Business.objects.filter(organization=round_.organization_id), pk=found[1]
    )
    items = list(round_.survey.items.all())
    done = False
    with translation.override(settings.LANGUAGE_CODE):
        form = AnswerForm(request.POST or None, items=items, public=True)
        if request.method == "POST" and form.is_valid():
            services.save_response(
                round_,
                business,
                form.answers(),
                channel=Channel.LINK,
                comment=form.cleaned_data["comment"],
                actor=None,
            )
            done = True
        context = {
            "round": round_,
            "business_name": business.name,
            "form": form,
            "done": done,
            "period_label": period_label(round_),
            "today": timezone.localdate(),
        }
        return render(request, "surveys/respond.html", context)
