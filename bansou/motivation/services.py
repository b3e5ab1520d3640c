"""Operations on the questionnaire and on motivation checks; each writes its audit entry."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from bansou.audit.services import diff, log_action, snapshot
from bansou.core.errors import DomainError

from . import scoring
from .defaults import (
    DEFAULT_ITEMS,
    DEFAULT_MAX_POINTS,
    DEFAULT_NAME,
    DEFAULT_NOTE,
    DEFAULT_THRESHOLDS,
)
from .models import (
    MotivationAnswer,
    MotivationCheck,
    Questionnaire,
    QuestionnaireItem,
    QuestionnaireVersion,
)

CHECK_AUDITED_FIELDS = (
    "checked_on",
    "channel",
    "score",
    "rank",
    "priority",
    "priority_reason",
    "note",
    "staff",
)
MAX_WEIGHT = 5


@dataclass(frozen=True)
class ItemDraft:
    """One question of a version being written."""

    text: str
    weight: int
    max_points: int = DEFAULT_MAX_POINTS


def items_prefetch() -> Prefetch:
    return Prefetch("items", queryset=QuestionnaireItem.objects.order_by("order"))


def ensure_default_questionnaire(organization) -> Questionnaire:
    """The chamber's active questionnaire, created from the defaults the first time (idempotent)."""
    existing = Questionnaire.objects.filter(organization=organization, is_active=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            questionnaire = Questionnaire.objects.create(
                organization=organization, name=DEFAULT_NAME, is_active=True
            )
            a, b, c = DEFAULT_THRESHOLDS
            _write_version(
                questionnaire,
                number=1,
                items=[ItemDraft(text, weight) for text, weight in DEFAULT_ITEMS],
                thresholds=scoring.Thresholds(a=a, b=b, c=c),
                note=DEFAULT_NOTE,
                actor=None,
            )
    except IntegrityError:
        # Two requests raced to create it; the unique "one active" constraint kept one.
        return Questionnaire.objects.get(organization=organization, is_active=True)
    return questionnaire


def current_version(organization) -> QuestionnaireVersion:
    """The version new checks use, with its items in order."""
    questionnaire = ensure_default_questionnaire(organization)
    version = (
        QuestionnaireVersion.objects.filter(questionnaire=questionnaire, is_current=True)
        .prefetch_related(items_prefetch())
        .get()
    )
    version.questionnaire = questionnaire  # loaded already: its edit form reads its version
    return version


def version_with_items(pk: int) -> QuestionnaireVersion:
    return QuestionnaireVersion.objects.prefetch_related(items_prefetch()).get(pk=pk)


def _write_version(questionnaire, *, number, items, thresholds, note, actor):
    version = QuestionnaireVersion.objects.create(
        organization_id=questionnaire.organization_id,
        questionnaire=questionnaire,
        number=number,
        created_by=actor,
        note=note,
        rank_a_min=thresholds.a,
        rank_b_min=thresholds.b,
        rank_c_min=thresholds.c,
        is_current=True,
    )
    QuestionnaireItem.objects.bulk_create(
        QuestionnaireItem(
            organization_id=questionnaire.organization_id,
            version=version,
            order=position,
            text=item.text,
            weight=item.weight,
            max_points=item.max_points,
        )
        for position, item in enumerate(items, start=1)
    )
    return version


def _validate_version(items: list[ItemDraft], thresholds: scoring.Thresholds) -> None:
    errors = scoring.threshold_errors(thresholds.a, thresholds.b, thresholds.c)
    if not items:
        errors.append(_("A questionnaire needs at least one question."))
    for position, item in enumerate(items, start=1):
        if not item.text.strip():
            errors.append(_("Question %(n)d has no text.") % {"n": position})
        if not 1 <= item.weight <= MAX_WEIGHT:
            errors.append(_("The weight of question %(n)d must be from 1 to 5.") % {"n": position})
        if item.max_points < 1:
            errors.append(_("Question %(n)d needs at least 1 point.") % {"n": position})
    if errors:
        raise DomainError(" ".join(errors))


@transaction.atomic
def publish_version(
    questionnaire: Questionnaire,
    *,
    items: list[ItemDraft],
    thresholds: scoring.Thresholds,
    note: str,
    actor,
    lock_version: int | None = None,
) -> QuestionnaireVersion:
    """Copy-on-write edit: a new current version; checks keep the version they were scored with.

    `lock_version` is the questionnaire's version the editor's page was built from: publishing
    over a version someone else published since is refused (core/versioning.py), not applied.
    """
    _validate_version(items, thresholds)
    # Lock the questionnaire so two editors cannot both publish the same number.
    locked = Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).get()
    if lock_version is not None:
        locked.lock_version = lock_version
    locked.save()  # raises the version (conditionally on the editor's, when given)
    versions = QuestionnaireVersion.objects.filter(questionnaire=questionnaire)
    previous = versions.filter(is_current=True).first()
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    versions.filter(is_current=True).update(is_current=False)
    version = _write_version(
        questionnaire, number=number, items=items, thresholds=thresholds, note=note, actor=actor
    )
    log_action(
        version,
        "motivation.questionnaire.versioned",
        actor,
        {
            "number": {
                "label": str(QuestionnaireVersion._meta.get_field("number").verbose_name),
                "old": previous.number if previous else None,
                "new": number,
            }
        },
    )
    return version


def _scored(version: QuestionnaireVersion, points_by_item: dict[int, int]):
    items = list(version.items.all())
    try:
        value = scoring.score(points_by_item, items)
    except scoring.ScoringError as exc:
        raise DomainError(str(exc)) from exc
    return items, value, scoring.rank(value, version.thresholds)


def _check_priority(priority: bool, reason: str) -> None:
    if priority and not reason.strip():
        raise DomainError(_("Give the reason for raising the priority."))


@transaction.atomic
def record_check(
    *,
    business,
    staff,
    version: QuestionnaireVersion,
    checked_on: date,
    points_by_item: dict[int, int],
    channel: str = "visit",
    priority: bool = False,
    priority_reason: str = "",
    note: str = "",
    actor,
) -> MotivationCheck:
    if version.organization_id != business.organization_id:
        raise DomainError(_("This questionnaire belongs to another chamber."))
    _check_priority(priority, priority_reason)
    items, value, rank = _scored(version, points_by_item)
    check = MotivationCheck(
        business=business,
        staff=staff,
        version=version,
        checked_on=checked_on,
        channel=channel,
        score=value,
        rank=rank,
        priority=priority,
        priority_reason=priority_reason.strip() if priority else "",
        note=note,
    )
    check.capture_business_facts()
    check.save()
    MotivationAnswer.objects.bulk_create(
        MotivationAnswer(
            organization_id=check.organization_id,
            motivation_check=check,
            item=item,
            points=points_by_item[item.pk],
        )
        for item in items
    )
    log_action(
        check,
        "motivation.check.created",
        actor,
        diff(check, {}, snapshot(check, CHECK_AUDITED_FIELDS)),
    )
    return check


@transaction.atomic
def update_check(
    check: MotivationCheck,
    *,
    checked_on: date,
    points_by_item: dict[int, int],
    channel: str,
    priority: bool,
    priority_reason: str,
    note: str,
    actor,
) -> MotivationCheck:
    """Re-score with the check's OWN version: an edit never moves a check to a newer wording."""
    _check_priority(priority, priority_reason)
    before = snapshot(check, CHECK_AUDITED_FIELDS)
    items, value, rank = _scored(check.version, points_by_item)
    check.checked_on = checked_on
    check.channel = channel
    check.score = value
    check.rank = rank
    check.priority = priority
    check.priority_reason = priority_reason.strip() if priority else ""
    check.note = note
    check.save()
    for answer in check.answers.all():
        new_points = points_by_item[answer.item_id]
        if answer.points != new_points:
            answer.points = new_points
            answer.save(update_fields=["points"])
    changes = diff(check, before, snapshot(check, CHECK_AUDITED_FIELDS))
    if changes:
        log_action(check, "motivation.check.updated", actor, changes)
    return check


@transaction.atomic
def delete_check(check: MotivationCheck, *, actor) -> None:
    before = snapshot(check, CHECK_AUDITED_FIELDS)
    log_action(check, "motivation.check.deleted", actor, diff(check, before, {}))
    check.answers.all().delete()
    check.delete()
