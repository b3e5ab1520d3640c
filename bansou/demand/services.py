"""Operations on demand surveys: the questionnaire builder, opening and closing, answers (from
the public form or entered by staff) with their limits, and the feedback to the business.
Each write records its audit entry in the same transaction; a refused write writes nothing."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError

from . import limits
from .models import (
    SHORT_CODE_LENGTH,
    Answer,
    DemandResponse,
    DemandSurvey,
    Phase,
    Question,
    QuestionKind,
    SurveyStatus,
)
from .questions import STANDARD_SETS

SURVEY_FIELDS = (
    "product_name", "channel", "event", "target_responses", "max_responses", "opens_on",
    "closes_on", "asks_personal_data", "status", "current_phase", "intro",
)  # fmt: skip
FEEDBACK_FIELDS = ("feedback_on", "expert", "analysis")
QUESTION_FIELDS = ("position", "text", "kind", "low_label", "high_label", "options", "required",
                   "phase")  # fmt: skip
# No 0/O, 1/l/I: a code read off a printed sheet is typed without mistakes. 8 characters of
# 55 give 1.7 × 10^13 codes; with the per-address limit nobody walks them.
ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
TEXT_MAX = 2000


def new_short_code() -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _i in range(SHORT_CODE_LENGTH))
        if not DemandSurvey.objects.filter(short_code=code).exists():
            return code


def _check_survey(survey: DemandSurvey) -> None:
    if survey.business.organization_id != survey.organization_id:
        raise DomainError(_("This business is not in the chamber's register."), code="foreign")
    if survey.event_id and survey.event.organization_id != survey.organization_id:
        raise DomainError(_("This event is not the chamber's."), code="foreign")
    if survey.closes_on and survey.closes_on < survey.opens_on:
        raise DomainError(_("The closing date is before the opening date."), code="dates")
    if survey.max_responses < survey.target_responses:
        raise DomainError(
            _("The response cap is smaller than the target number of responses."), code="cap"
        )


@transaction.atomic
def create_survey(survey: DemandSurvey, *, actor, standard: bool = True) -> DemandSurvey:
    """Save a new survey (unsaved instance) with the standard questions of its channel."""
    survey.organization_id = survey.business.organization_id
    if survey.staff_id is None:
        survey.staff = actor
    survey.capture_business_facts()
    _check_survey(survey)
    survey.short_code = new_short_code()
    if survey.channel == "crowdfunding" and not survey.current_phase:
        survey.current_phase = Phase.BEFORE
    survey.save()
    if standard:
        Question.objects.bulk_create(
            Question(
                organization_id=survey.organization_id, survey=survey, position=(i + 1) * 10,
                text=spec.text, kind=spec.kind, low_label=spec.low, high_label=spec.high,
                options="\n".join(spec.options), required=spec.required, phase=spec.phase,
            )
            for i, spec in enumerate(STANDARD_SETS[survey.channel])
        )  # fmt: skip
    log_action(
        survey, "demand.survey.created", actor, diff(survey, {}, snapshot(survey, SURVEY_FIELDS))
    )
    return survey


@transaction.atomic
def update_survey(survey: DemandSurvey, before: dict, *, actor) -> DemandSurvey:
    _check_survey(survey)
    survey.save()
    changes = diff(survey, before, snapshot(survey, SURVEY_FIELDS))
    if changes:
        log_action(survey, "demand.survey.updated", actor, changes)
    return survey


@transaction.atomic
def set_status(survey: DemandSurvey, status: str, *, actor) -> DemandSurvey:
    if status not in SurveyStatus.values:
        raise DomainError(_("Unknown status."), code="status")
    before = snapshot(survey, SURVEY_FIELDS)
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        raise DomainError(_("Add at least one question before opening."), code="empty")
    survey.status = status
    if status == SurveyStatus.OPEN and survey.closes_on and survey.closes_on < timezone.localdate():
        survey.closes_on = None  # reopened after its date: open until closed again
    survey.save()
    log_action(
        survey, "demand.survey.status", actor, diff(survey, before, snapshot(survey, SURVEY_FIELDS))
    )
    return survey


# --- the builder -------------------------------------------------------------------------------


def _check_question(question: Question) -> None:
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = question.option_list
        if len(options) < 2:
            raise DomainError(_("Give at least two choices, one per line."), code="options")
        if len(set(options)) != len(options):
            raise DomainError(_("The same choice is given twice."), code="options")
        if any(len(o) > 200 for o in options):
            raise DomainError(_("A choice is longer than 200 characters."), code="options")
    if question.kind == QuestionKind.SCALE and not (question.low_label and question.high_label):
        raise DomainError(_("Give the labels of both ends of the scale."), code="labels")


@transaction.atomic
def save_question(question: Question, before: dict | None, *, actor) -> Question:
    _check_question(question)
    created = question.pk is None
    if not created:
        old_kind = Question.objects.filter(pk=question.pk).values_list("kind", flat=True).first()
        if old_kind != question.kind and question.answers.exists():
            raise DomainError(
                _("This question has answers: its answer type cannot change."), code="answered"
            )
    if created:
        question.organization_id = question.survey.organization_id
        if not question.position:
            last = (
                question.survey.questions.order_by("-position")
                .values_list("position", flat=True)
                .first()
            )
            question.position = (last or 0) + 10
    question.save()
    action = "demand.question.created" if created else "demand.question.updated"
    changes = diff(question, before or {}, snapshot(question, QUESTION_FIELDS))
    if created or changes:
        log_action(question.survey, action, actor, {"question": question.text, **changes})
    return question


@transaction.atomic
def delete_question(question: Question, *, actor) -> None:
    if question.answers.exists():
        raise DomainError(_("This question has answers and cannot be deleted."), code="answered")
    survey = question.survey
    log_action(survey, "demand.question.deleted", actor, {"question": question.text})
    question.delete()


def recount(survey: DemandSurvey) -> None:
    """Keep the derived count and completion after the responses changed. An UPDATE of the
    derived fields only, without raising the record's version: a staff member editing the
    survey while visitors answer is not in conflict (save() recounts too, so a stale form
    never writes an old count back)."""
    survey.refresh_derived()
    DemandSurvey.objects.filter(pk=survey.pk).update(
        response_count=survey.response_count,
        completed_on=survey.completed_on,
        fiscal_year=survey.fiscal_year,
    )


# --- answers ------------------------------------------------------------------------------------


def accepting(survey: DemandSurvey, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        survey.status == SurveyStatus.OPEN
        and survey.opens_on <= today
        and (survey.closes_on is None or today <= survey.closes_on)
        and survey.response_count < survey.max_responses
    )


def questions_for(survey: DemandSurvey, phase: str | None = None) -> list[Question]:
    """The questions the form shows: those of every answer and those of the current set."""
    phase = survey.current_phase if phase is None else phase
    return [q for q in survey.questions.all() if q.phase in ("", phase)]


def answer_rows(response: DemandResponse, questions: list[Question], values: dict) -> list[Answer]:
    """{question pk: value} → Answer rows, checked against each question (a DomainError names
    the first bad answer). Scale: 1–5; single: one of the options; multiple: a list of options;
    text: up to TEXT_MAX characters."""
    rows: list[Answer] = []
    for q in questions:
        value = values.get(q.pk)
        empty = value in (None, "", [], ())
        if empty:
            if q.required:
                raise DomainError(
                    _("Answer the question 「%(question)s」.") % {"question": q.text},
                    code="required",
                )
            continue
        if q.kind == QuestionKind.SCALE:
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = 0
            if not 1 <= number <= 5:
                raise DomainError(
                    _("「%(question)s」 is answered from 1 to 5.") % {"question": q.text},
                    code="bad_answer",
                )
            rows.append(Answer(response=response, question=q, scale=number))
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            chosen = [value] if isinstance(value, str) else list(value)
            if q.kind == QuestionKind.SINGLE and len(chosen) != 1:
                chosen = [None]
            options = q.option_list
            if any(c not in options for c in chosen) or len(set(chosen)) != len(chosen):
                raise DomainError(
                    _("「%(question)s」: choose among the choices shown.") % {"question": q.text},
                    code="bad_answer",
                )
            rows += [Answer(response=response, question=q, choice=c) for c in chosen]
        else:
            text = str(value).strip()
            if len(text) > TEXT_MAX:
                raise DomainError(
                    _("「%(question)s」: write at most %(max)s characters.")
                    % {"question": q.text, "max": TEXT_MAX},
                    code="too_long",
                )
            rows.append(Answer(response=response, question=q, text=text))
    return rows


@transaction.atomic
def submit_response(
    survey: DemandSurvey,
    values: dict,
    *,
    actor=None,
    address: str | None = None,
    device: str | None = None,
    name: str = "",
    contact: str = "",
    now=None,
) -> DemandResponse:
    """Store one respondent's answers. From the public form (actor None) the survey must be
    accepting answers and the device and address limits hold; staff (actor) may enter answers
    while the survey is open or closed, up to its cap."""
    survey = DemandSurvey.objects.select_for_update().get(pk=survey.pk)
    now = now or timezone.now()
    staff = actor is not None and getattr(actor, "pk", None) is not None
    if staff and actor.organization_id != survey.organization_id:
        raise DomainError(_("This survey is not the chamber's."), code="foreign")
    if survey.response_count >= survey.max_responses:
        raise DomainError(_("This survey has received all the answers it needs."), code="full")
    if not staff:
        if not accepting(survey, timezone.localdate(now)):
            raise DomainError(_("This survey is not accepting answers now."), code="closed")
        device_key = limits.device_hash(device)
        if device_key and survey.responses.filter(device_hash=device_key).exists():
            raise DomainError(_("You have already answered this survey."), code="device")
        address_key = limits.address_hash(address)
        if address_key:
            recent = survey.responses.filter(
                address_hash=address_key, submitted_at__gte=now - timedelta(hours=1)
            ).count()
            if recent >= limits.address_limit():
                raise DomainError(
                    _("Too many answers were sent from this connection. Please try again later."),
                    code="address",
                )
    else:
        device_key = address_key = ""
    questions = questions_for(survey)
    if not survey.asks_personal_data:
        name = contact = ""
    response = DemandResponse(
        organization_id=survey.organization_id,
        survey=survey,
        phase=survey.current_phase,
        staff_entered=staff,
        entered_by=actor if staff else None,
        address_hash=address_key,
        device_hash=device_key,
        respondent_name=name.strip()[:100],
        respondent_contact=contact.strip()[:200],
    )
    rows = answer_rows(response, questions, values)
    if not rows:
        raise DomainError(_("Answer at least one question."), code="empty")
    response.save()
    Answer.objects.bulk_create(rows)
    recount(survey)
    if staff:  # the public's answers are not staff actions (and leave no address behind)
        log_action(survey, "demand.response.created", actor, {"response": response.pk})
    return response


@transaction.atomic
def delete_response(response: DemandResponse, *, actor) -> None:
    survey = response.survey
    log_action(survey, "demand.response.deleted", actor, {"response": response.pk})
    response.delete()
    recount(survey)


# --- feedback -----------------------------------------------------------------------------------


@transaction.atomic
def record_feedback(survey: DemandSurvey, before: dict, *, actor, upload=None) -> DemandSurvey:
    """The expert's analysis and the day it was fed back to the business (the plan counts the
    survey then, once it holds its target number of responses)."""
    if survey.expert_id and survey.expert.organization_id != survey.organization_id:
        raise DomainError(_("This expert is not the chamber's."), code="foreign")
    if survey.feedback_on and survey.feedback_on < survey.opens_on:
        raise DomainError(_("The feedback date is before the survey opened."), code="dates")
    if upload is not None:
        limit = settings.BANSOU_UPLOAD_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise DomainError(
                _("The file is larger than %(limit)s MB.") % {"limit": limit}, code="too_large"
            )
        survey.analysis_file.save(upload.name[:150], upload, save=False)
    survey.save()
    changes = diff(survey, before, snapshot(survey, FEEDBACK_FIELDS))
    if upload is not None:
        changes["analysis_file"] = [None, upload.name[:150]]
    if changes:
        log_action(survey, "demand.survey.feedback", actor, changes)
    return survey


@transaction.atomic
def set_plans(survey: DemandSurvey, plans, *, actor) -> None:
    plans = list(plans)
    if any(p.business_id != survey.business_id for p in plans):
        raise DomainError(_("Only the business's own plans can cite its survey."), code="foreign")
    before = sorted(survey.plans.values_list("pk", flat=True))
    survey.plans.set(plans)
    after = sorted(p.pk for p in plans)
    if before != after:
        log_action(survey, "demand.survey.plans", actor, {"plans": [before, after]})
