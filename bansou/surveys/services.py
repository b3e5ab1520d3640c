"""Operations on surveys: rounds, answers (by staff, from a support record, by a response
link) and publication. Each write records its audit entry in the same transaction."""

from __future__ import annotations

from datetime import date

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError

from . import di
from .models import Channel, Survey, SurveyAnswer, SurveyResponse, SurveyRound
from .periods import parse_period

ROUND_FIELDS = ("period", "title", "conducted_on", "published", "published_on", "commentary")
TOKEN_SALT = "bansou.surveys.response-link"
# A response link stays usable for 120 days (a quarter and its reminders).
TOKEN_MAX_AGE = 120 * 24 * 3600


@transaction.atomic
def create_round(
    survey: Survey, period: str, *, conducted_on: date | None = None, title: str = "", actor=None
) -> SurveyRound:
    found = parse_period(period, survey.period_cadence)
    if SurveyRound.objects.filter(survey=survey, period=found.code).exists():
        raise DomainError(
            _("%(survey)s already has a round for %(period)s.")
            % {"survey": survey.name, "period": found.code},
            code="duplicate",
        )
    round_ = SurveyRound(
        organization_id=survey.organization_id,
        survey=survey,
        period=found.code,
        starts_on=found.starts_on,
        ends_on=found.ends_on,
        title=title,
        conducted_on=conducted_on or min(found.ends_on, timezone.localdate()),
    )
    round_.save()
    log_action(
        round_, "surveys.round.created", actor, diff(round_, {}, snapshot(round_, ROUND_FIELDS))
    )
    return round_


def round_for(survey: Survey, period: str) -> SurveyRound | None:
    found = parse_period(period, survey.period_cadence)
    return SurveyRound.objects.filter(survey=survey, period=found.code).first()


@transaction.atomic
def update_round(round_: SurveyRound, before: dict, *, actor) -> SurveyRound:
    """Save the report fields (commentary, publication) a form changed."""
    if round_.published and round_.published_on is None:
        round_.published_on = timezone.localdate()
    round_.save()
    changes = diff(round_, before, snapshot(round_, ROUND_FIELDS))
    if changes:
        log_action(round_, "surveys.round.updated", actor, changes)
    return round_


def _answer_rows(response: SurveyResponse, answers: dict) -> list[SurveyAnswer]:
    rows = []
    for item, value in answers.items():
        if item.is_choice:
            if value in (None, ""):
                continue
            if value not in (*di.SIDES, di.NOT_APPLICABLE):
                raise DomainError(
                    _("%(value)s is not an answer of %(item)s.")
                    % {"value": value, "item": item.name},
                    code="bad_answer",
                )
            rows.append(SurveyAnswer(response=response, item=item, side=value))
        elif (value or "").strip():
            rows.append(SurveyAnswer(response=response, item=item, text=value.strip()))
    return rows


def _answers_snapshot(response: SurveyResponse) -> dict:
    return {
        a.item.name: a.side or a.text
        for a in response.answers.select_related("item").order_by("item__sort_order")
    }


@transaction.atomic
def save_response(
    round_: SurveyRound,
    business,
    answers: dict,
    *,
    channel: str = Channel.STAFF,
    comment: str = "",
    actor=None,
    support_record=None,
) -> SurveyResponse:
    """Store (or replace) one business's answers to a round: {SurveyItem: side or text}."""
    if business.organization_id != round_.organization_id:
        raise DomainError(_("This business is not in the chamber's register."), code="foreign")
    response = SurveyResponse.objects.filter(round=round_, business=business).first()
    created = response is None
    before = {} if created else {**_answers_snapshot(response), "comment": response.comment}
    if created:
        response = SurveyResponse(
            organization_id=round_.organization_id, round=round_, business=business
        )
    response.industry = business.industry or ""
    response.channel = channel
    response.comment = comment.strip()
    response.entered_by = actor if getattr(actor, "pk", None) else None
    if support_record is not None:
        response.support_record = support_record
    response.save()
    response.answers.all().delete()
    SurveyAnswer.objects.bulk_create(_answer_rows(response, answers))
    after = {**_answers_snapshot(response), "comment": response.comment}
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if created or changes:
        action = "surveys.response.created" if created else "surveys.response.updated"
        log_action(response, action, actor, changes)
    return response


def response_token(round_: SurveyRound, business) -> str:
    """The personal response link's token: names the round and the business, nothing else."""
    return signing.dumps([round_.pk, business.pk], salt=TOKEN_SALT, compress=True)


def read_token(token: str) -> tuple[int, int] | None:
    try:
        round_id, business_id = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return int(round_id), int(business_id)
