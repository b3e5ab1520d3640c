"""Operations on surveys: rounds, answers (by staff, from a support record, by a response
link) and publication. Each write records its audit entry in the same transaction."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError

from . import di
from .models import Channel, ItemKind, Survey, SurveyAnswer, SurveyItem, SurveyResponse, SurveyRound
from .periods import parse_period

SURVEY_FIELDS = ("code", "name", "cadence", "panel_size", "description", "sort_order")
ITEM_FIELDS = (
    "name", "kind", "plus_word", "neutral_word", "minus_word", "basis",
    "favourable_when_rising", "group", "sort_order",
)  # fmt: skip
FOLLOW_CALL = "follow-call"

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
    """Save the report fields (commentary, publication) a form changed; publishing records the
    round in the publications register, unpublishing withdraws it (same transaction)."""
    if round_.published and round_.published_on is None:
        round_.published_on = timezone.localdate()
    round_.refresh_derived()
    sync_publication(round_, actor=actor)
    round_.save()
    changes = diff(round_, before, snapshot(round_, ROUND_FIELDS))
    if changes:
        action = "surveys.round.updated"
        if "published" in changes:
            action = "surveys.round.published" if round_.published else "surveys.round.unpublished"
        log_action(round_, action, actor, changes)
    return round_


def public_report_url(round_: SurveyRound) -> str:
    """The published report's address (absolute when BANSOU_PUBLIC_URL is set)."""
    path = reverse(
        "surveys:public_report",
        kwargs={"org_slug": round_.organization.slug, "pk": round_.pk},
    )
    base = getattr(settings, "BANSOU_PUBLIC_URL", "").rstrip("/")
    return base + path if base else ""


def publication_kind(survey: Survey) -> str:
    from bansou.meetings.models import PublicationKind

    if survey.code == FOLLOW_CALL:
        return PublicationKind.FOLLOWCALL_RESULT
    return PublicationKind.SURVEY_RESULT


def publication_title(round_: SurveyRound) -> str:
    label = parse_period(round_.period).label()
    title = f"{round_.survey.name} {label}"
    return f"{title} {round_.title}"[:200] if round_.title else title[:200]


def sync_publication(round_: SurveyRound, *, actor) -> None:
    """The publications register holds one entry per published round (plan §1's 公表記録):
    created or kept in step when the round is published, deleted when it is withdrawn. A year
    whose committee report is out is closed: meetings.services refuses the change."""
    from bansou.meetings import services as register
    from bansou.meetings.models import Medium, Publication

    prefix = "meetings.publication"
    current = round_.publication
    if not round_.published:
        if current is not None:
            register.delete_record(
                current, actor=actor, action_prefix=prefix, date_field="published_on"
            )
            round_.publication = None
        return
    wanted = {
        "kind": publication_kind(round_.survey),
        "title": publication_title(round_),
        "subject": round_.survey.name[:100],
        "published_on": round_.published_on,
        "url": public_report_url(round_),
    }
    if current is None:
        publication = Publication(
            organization_id=round_.organization_id, medium=Medium.WEBSITE, **wanted
        )
        register.save_record(
            publication, actor=actor, action_prefix=prefix, date_field="published_on"
        )
        round_.publication = publication
        return
    if any(getattr(current, k) != v for k, v in wanted.items()):
        before_day = current.published_on
        for k, v in wanted.items():
            setattr(current, k, v)
        register.save_record(
            current, actor=actor, action_prefix=prefix, date_field="published_on",
            before_day=before_day,
        )  # fmt: skip


# --- definitions, items and the panel ----------------------------------------------------


def _change(label: str, old, new) -> dict:
    return {"change": {"label": str(label), "old": old, "new": new}}


@transaction.atomic
def save_survey(survey: Survey, *, actor) -> Survey:
    clash = Survey.objects.filter(organization=survey.organization_id, code=survey.code)
    if clash.exclude(pk=survey.pk).exists():
        raise DomainError(
            _("The chamber already has a survey with the code %(code)s.") % {"code": survey.code},
            code="duplicate",
        )
    created = survey.pk is None
    before = {} if created else snapshot(Survey.objects.get(pk=survey.pk), SURVEY_FIELDS)
    if not created and before.get("code") != survey.code and survey.rounds.exists():
        raise DomainError(
            _("The code of a survey with rounds cannot change: the plan's rules count by it."),
            code="code_in_use",
        )
    survey.save()
    changes = diff(survey, before, snapshot(survey, SURVEY_FIELDS))
    if created or changes:
        action = "surveys.survey.created" if created else "surveys.survey.updated"
        log_action(survey, action, actor, changes)
    return survey


def _check_item(item: SurveyItem) -> None:
    clash = SurveyItem.objects.filter(survey=item.survey_id, name=item.name).exclude(pk=item.pk)
    if clash.exists():
        raise DomainError(
            _("The survey already has an item named %(name)s.") % {"name": item.name},
            code="duplicate",
        )
    if item.kind != ItemKind.CHOICE:
        item.plus_word = item.neutral_word = item.minus_word = ""
        return
    words = [w.strip() for w in item.words]
    if not all(words):
        raise DomainError(
            _("A three-choice item needs its three answer words (好転・不変・悪化, say)."),
            code="words",
        )
    if len(set(words)) < 3:
        raise DomainError(_("The three answer words must differ."), code="words")
    if any(w in di.NOT_APPLICABLE_WORDS for w in words):
        raise DomainError(
            _("該当しない is always offered and left out of the DI: it is not one of the three."),
            code="words",
        )
    item.plus_word, item.neutral_word, item.minus_word = words


@transaction.atomic
def save_item(item: SurveyItem, *, actor) -> SurveyItem:
    _check_item(item)
    created = item.pk is None
    stored = None if created else SurveyItem.objects.get(pk=item.pk)
    before = {} if created else snapshot(stored, ITEM_FIELDS)
    if stored is not None and stored.kind != item.kind and item.answers.exists():
        raise DomainError(
            _("The item has answers: its kind cannot change. Add a new item instead."),
            code="kind_in_use",
        )
    item.save()
    changes = diff(item, before, snapshot(item, ITEM_FIELDS))
    if created or changes:
        action = "surveys.item.created" if created else "surveys.item.updated"
        log_action(item, action, actor, changes)
    return item


@transaction.atomic
def delete_item(item: SurveyItem, *, actor) -> None:
    if item.answers.exists():
        raise DomainError(
            _("%(name)s has answers and cannot be deleted.") % {"name": item.name},
            code="in_use",
        )
    log_action(item, "surveys.item.deleted", actor, diff(item, snapshot(item, ITEM_FIELDS), {}))
    item.delete()


@transaction.atomic
def add_to_panel(survey: Survey, business, *, actor) -> bool:
    if business.organization_id != survey.organization_id:
        raise DomainError(_("This business is not in the chamber's register."), code="foreign")
    if survey.panel.filter(pk=business.pk).exists():
        return False
    survey.panel.add(business)
    log_action(survey, "surveys.panel.added", actor, _change(_("panel"), None, business.name))
    return True


@transaction.atomic
def remove_from_panel(survey: Survey, business, *, actor) -> bool:
    if not survey.panel.filter(pk=business.pk).exists():
        return False
    survey.panel.remove(business)
    log_action(survey, "surveys.panel.removed", actor, _change(_("panel"), business.name, None))
    return True


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


def response_url(round_: SurveyRound, business, *, base: str = "") -> str:
    """The personal link: absolute with `base` (the request's address) or BANSOU_PUBLIC_URL."""
    path = reverse("surveys:respond", kwargs={"token": response_token(round_, business)})
    base = (base or getattr(settings, "BANSOU_PUBLIC_URL", "")).rstrip("/")
    return base + path


def panel_links(round_: SurveyRound, *, base: str = "") -> list[dict]:
    """Every panel business with its personal link and whether it has answered (2 queries)."""
    answered = set(
        SurveyResponse.objects.filter(round=round_).values_list("business_id", flat=True)
    )
    panel = round_.survey.panel.order_by("name_kana", "pk").only(
        "pk", "name", "name_kana", "email", "corporate_number"
    )
    return [
        {
            "business": b,
            "url": response_url(round_, b, base=base),
            "answered": b.pk in answered,
        }
        for b in panel
    ]


def send_links(round_: SurveyRound, *, actor, base: str = "", only_unanswered: bool = True) -> int:
    """E-mail each panel business that has an address its personal link (Django mail, as the
    reminders do); returns how many were sent and records one audit entry."""
    label = parse_period(round_.period).label()
    sent = 0
    for row in panel_links(round_, base=base):
        business = row["business"]
        if not business.email or (only_unanswered and row["answered"]):
            continue
        context = {
            "organization": round_.organization,
            "survey": round_.survey,
            "period_label": label,
            "business": business,
            "url": row["url"],
            "round": round_,
        }
        subject = _("[%(org)s] Please answer the %(survey)s (%(period)s)") % {
            "org": round_.organization.name,
            "survey": round_.survey.name,
            "period": label,
        }
        body = render_to_string("surveys/link_mail.txt", context)
        send_mail(subject, body, None, [business.email])
        sent += 1
    log_action(
        round_, "surveys.round.links_sent", actor, _change(_("links sent by e-mail"), None, sent)
    )
    return sent
