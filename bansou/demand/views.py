"""Demand-survey screens: the list, the questionnaire builder, opening and closing, staff entry
of answers, per-question results, the feedback (expert's analysis, plans citing the survey),
the feedback PDF and the booth's A4 sheet; and the public form at /q/<short code>/."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.analysis.report import content_disposition
from bansou.audit.context import address_of
from bansou.audit.services import snapshot
from bansou.businesses.picker import choose_business, picked_business
from bansou.core.errors import DomainError
from bansou.core.permissions import Capability, public, requires
from bansou.lib.text import search_words

from . import limits, pdf, services
from .forms import AnswerForm, FeedbackForm, PlansForm, QuestionForm, SurveyForm
from .models import DemandSurvey, Question, SurveyChannel, SurveyStatus
from .presentation import public_url, qr_svg, results_context

CODE_RE = re.compile(r"^[A-Za-z0-9]{6,12}$")


def _surveys(request: HttpRequest):
    return DemandSurvey.objects.filter(organization=request.user.organization_id)


def _survey(request: HttpRequest, pk: int) -> DemandSurvey:
    return get_object_or_404(
        _surveys(request).select_related("business", "event", "expert", "staff"), pk=pk
    )


def _question(request: HttpRequest, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.filter(organization=request.user.organization_id).select_related("survey"),
        pk=pk,
    )


@requires(Capability.DEMAND_SURVEYS)
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = _surveys(request).select_related("business", "event")
    channel = request.GET.get("channel", "").replace("\x00", "")
    if channel in SurveyChannel.values:
        surveys = surveys.filter(channel=channel)
    query = search_words(request.GET.get("q", ""))
    if query:
        surveys = surveys.filter(
            Q(product_name__icontains=query) | Q(business__name__icontains=query)
        )
    context = {
        "surveys": surveys.order_by("-opens_on", "-pk")[:300],
        "channels": SurveyChannel.choices,
        "channel": channel,
        "q": query,
    }
    return render(request, "demand/list.html", context)


@requires(Capability.DEMAND_SURVEYS)
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    business = picked_business(request)
    if business is None:
        return choose_business(request, "demand/choose_business.html")
    survey = DemandSurvey(business=business, staff=request.user)
    form = SurveyForm(
        request.POST or None,
        instance=survey,
        organization=request.user.organization,
        initial={"channel": request.GET.get("channel", SurveyChannel.EXHIBITION)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.create_survey(form.save(commit=False), actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Created the questionnaire with the standard questions."))
            return redirect("demand:detail", pk=saved.pk)
    return render(request, "demand/form.html", {"form": form, "business": business})


@requires(Capability.DEMAND_SURVEYS)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    context = {
        "survey": survey,
        "questions": list(survey.questions.all()),
        "url": public_url(request, survey),
        "qr": qr_svg(public_url(request, survey)),
        "accepting": services.accepting(survey),
        "plans": list(survey.plans.order_by("-started_on")),
    }
    return render(request, "demand/detail.html", context)


@requires(Capability.DEMAND_SURVEYS)
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    before = snapshot(survey, services.SURVEY_FIELDS)
    form = SurveyForm(request.POST or None, instance=survey, organization=survey.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(form.save(commit=False), before, actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the questionnaire."))
            return redirect("demand:detail", pk=survey.pk)
    return render(
        request, "demand/form.html", {"form": form, "business": survey.business, "survey": survey}
    )


@requires(Capability.DEMAND_SURVEYS)
@require_POST
def survey_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    try:
        services.set_status(survey, request.POST.get("status", ""), actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The survey is now: %(status)s.") % {
            "status": survey.get_status_display()})  # fmt: skip
    return redirect("demand:detail", pk=survey.pk)


@requires(Capability.DEMAND_SURVEYS)
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    question = Question(survey=survey, organization_id=survey.organization_id)
    return _question_form(request, survey, question, None)


@requires(Capability.DEMAND_SURVEYS)
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    return _question_form(
        request, question.survey, question, snapshot(question, services.QUESTION_FIELDS)
    )


def _question_form(request, survey, question, before) -> HttpResponse:
    form = QuestionForm(request.POST or None, instance=question, label_suffix="")
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(form.save(commit=False), before, actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the question."))
            return redirect("demand:detail", pk=survey.pk)
    return render(
        request, "demand/question_form.html", {"form": form, "survey": survey, "question": question}
    )


@requires(Capability.DEMAND_SURVEYS)
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    try:
        services.delete_question(question, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Deleted the question."))
    return redirect("demand:detail", pk=question.survey_id)


@requires(Capability.DEMAND_SURVEYS)
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest, pk: int) -> HttpResponse:
    """An advisor interviewing at the booth fills in the public form's questions."""
    survey = _survey(request, pk)
    questions = services.questions_for(survey)
    form = AnswerForm(
        request.POST or None,
        questions=questions,
        personal=survey.asks_personal_data,
        honeypot=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(
                survey,
                form.values(),
                actor=request.user,
                name=form.cleaned_data.get("respondent_name", ""),
                contact=form.cleaned_data.get("respondent_contact", ""),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            survey.refresh_from_db(fields=["response_count"])
            messages.success(
                request,
                _("Saved the answer (%(count)s of %(target)s).")
                % {"count": survey.response_count, "target": survey.target_responses},
            )
            return redirect("demand:enter", pk=survey.pk)
    return render(request, "demand/enter.html", {"survey": survey, "form": form})


@requires(Capability.DEMAND_SURVEYS)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return render(request, "demand/results.html", results_context(survey))


@requires(Capability.DEMAND_SURVEYS)
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    before = snapshot(survey, services.FEEDBACK_FIELDS)
    post = request.method == "POST"
    form = FeedbackForm(
        request.POST if post else None,
        request.FILES if post else None,
        instance=survey,
        organization=survey.organization,
    )
    plans_form = PlansForm(
        request.POST if post else None,
        survey=survey,
        initial={"plans": list(survey.plans.values_list("pk", flat=True))},
    )
    if post and form.is_valid() and plans_form.is_valid():
        try:
            services.record_feedback(
                form.save(commit=False),
                before,
                actor=request.user,
                upload=form.cleaned_data.get("upload"),
            )
            services.set_plans(survey, plans_form.cleaned_data["plans"], actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved the feedback."))
            return redirect("demand:detail", pk=survey.pk)
    context = {"survey": survey, "form": form, "plans_form": plans_form}
    return render(request, "demand/feedback.html", context)


@requires(Capability.DEMAND_SURVEYS)
def feedback_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    response = HttpResponse(pdf.feedback_pdf(survey), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        pdf.feedback_filename(survey), f"demand-survey-{survey.pk}.pdf"
    )
    return response


@requires(Capability.DEMAND_SURVEYS)
def sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    content = pdf.sheet_pdf(survey, public_url(request, survey))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        pdf.sheet_filename(survey), f"demand-survey-sheet-{survey.pk}.pdf"
    )
    return response


@requires(Capability.DEMAND_SURVEYS)
def analysis_file(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    if not survey.analysis_file:
        raise Http404("no file")
    name = survey.analysis_file.name.rsplit("/", 1)[-1]
    return FileResponse(survey.analysis_file.open("rb"), as_attachment=True, filename=name)


# --- the public form -------------------------------------------------------------------------


@public
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest, code: str) -> HttpResponse:
    """No login. Shows this survey's product and questions only; a draft or an unknown code is
    404, a closed or full survey says so politely."""
    if not CODE_RE.match(code):
        raise Http404("bad code")
    survey = get_object_or_404(
        DemandSurvey.objects.select_related("business", "organization").exclude(
            status=SurveyStatus.DRAFT
        ),
        short_code=code,
    )
    device = limits.device_id(request)
    new_device = None if device else limits.new_device_id()
    state, refusal = "form", ""
    with translation.override(settings.LANGUAGE_CODE):
        form = AnswerForm(
            request.POST if request.method == "POST" else None,
            questions=services.questions_for(survey),
            personal=survey.asks_personal_data,
        )
        if not services.accepting(survey):
            state = "closed"
        elif request.method == "POST":
            if form.is_bot():
                state = "done"  # said to a script as to a person; nothing is written
            elif form.is_valid():
                try:
                    services.submit_response(
                        survey,
                        form.values(),
                        address=address_of(request),
                        device=device or new_device,
                        name=form.cleaned_data.get("respondent_name", ""),
                        contact=form.cleaned_data.get("respondent_contact", ""),
                    )
                except DomainError as exc:
                    if exc.code in ("closed", "full"):
                        state = "closed"
                    elif exc.code in ("device", "address"):
                        state, refusal = "refused", exc.message
                    else:
                        form.add_error(None, exc.message)
                else:
                    state = "done"
        context = {"survey": survey, "form": form, "state": state, "refusal": refusal}
        response = render(request, "demand/public_form.html", context)
    if new_device:
        limits.set_device_cookie(response, new_device)
    response["X-Robots-Tag"] = "noindex"
    return response
