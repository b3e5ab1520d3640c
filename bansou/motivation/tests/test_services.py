"""The default questionnaire, copy-on-write versions and recording checks."""

from datetime import date
from decimal import Decimal

import pytest

from bansou.audit.models import AuditEntry
from bansou.core.errors import DomainError
from bansou.motivation import services
from bansou.motivation.models import MotivationAnswer, MotivationCheck, Questionnaire
from bansou.motivation.scoring import Thresholds
from bansou.motivation.services import ItemDraft

from .conftest import all_points

THRESHOLDS = Thresholds(a=Decimal("80"), b=Decimal("60"), c=Decimal("40"))


def drafts_of(version, weights=None):
    """The version's items as drafts, with some weights changed (by question number)."""
    weights = weights or {}
    return [
        ItemDraft(item.text, weights.get(item.order, item.weight), item.max_points)
        for item in version.items.all()
    ]


def test_default_questionnaire_has_twelve_weighted_items(chamber_a):
    version = services.current_version(chamber_a)
    items = list(version.items.all())
    assert len(items) == 12
    assert [item.order for item in items] == list(range(1, 13))
    assert all(1 <= item.weight <= 5 and item.max_points == 4 for item in items)
    assert items[0].text.startswith("経営改善への意欲")
    assert version.number == 1 and version.is_current
    assert (version.rank_a_min, version.rank_b_min, version.rank_c_min) == (75, 50, 25)


def test_ensure_default_questionnaire_is_idempotent(chamber_a, chamber_b):
    first = services.ensure_default_questionnaire(chamber_a)
    again = services.ensure_default_questionnaire(chamber_a)
    other = services.ensure_default_questionnaire(chamber_b)
    assert first == again
    assert other != first
    assert Questionnaire.objects.filter(organization=chamber_a).count() == 1
    assert first.versions.count() == 1


def test_record_check_scores_ranks_and_captures_facts(business_a, advisor_a, make_check, version_a):
    check = make_check(business_a, advisor_a, points=3, checked_on=date(2025, 3, 31))
    assert check.score == Decimal("75.0")
    assert check.rank == "A"
    assert check.fiscal_year == 2024  # March belongs to the fiscal year that began in April
    assert check.district_id == business_a.district_id
    assert check.in_territory is True
    assert check.is_small == business_a.is_small
    assert check.version == version_a
    assert MotivationAnswer.objects.filter(motivation_check=check).count() == 12
    entry = AuditEntry.objects.get(action="motivation.check.created")
    assert entry.target_id == check.pk and entry.actor == advisor_a


def test_points_outside_the_scale_write_nothing(business_a, advisor_a, version_a):
    answers = all_points(version_a, 2)
    answers[version_a.items.all()[0].pk] = 5
    with pytest.raises(DomainError, match="0から4"):
        services.record_check(
            business=business_a,
            staff=advisor_a,
            version=version_a,
            checked_on=date(2024, 6, 3),
            points_by_item=answers,
            actor=advisor_a,
        )
    assert not MotivationCheck.objects.exists()
    assert not MotivationAnswer.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="motivation.check").exists()


def test_unanswered_question_writes_nothing(business_a, advisor_a, version_a):
    answers = all_points(version_a, 2)
    answers.popitem()
    with pytest.raises(DomainError):
        services.record_check(
            business=business_a,
            staff=advisor_a,
            version=version_a,
            checked_on=date(2024, 6, 3),
            points_by_item=answers,
            actor=advisor_a,
        )
    assert not MotivationCheck.objects.exists()


def test_priority_needs_a_reason(business_a, advisor_a, make_check):
    with pytest.raises(DomainError):
        make_check(business_a, advisor_a, priority=True, priority_reason="  ")
    check = make_check(business_a, advisor_a, priority=True, priority_reason="後継者が戻った")
    assert check.priority and check.priority_reason == "後継者が戻った"


def test_another_chambers_questionnaire_is_refused(business_a, advisor_a, chamber_b):
    version_b = services.current_version(chamber_b)
    with pytest.raises(DomainError):
        services.record_check(
            business=business_a,
            staff=advisor_a,
            version=version_b,
            checked_on=date(2024, 6, 3),
            points_by_item=all_points(version_b, 2),
            actor=advisor_a,
        )


def test_editing_the_questionnaire_makes_a_new_version(
    chamber_a, business_a, advisor_a, admin_a, make_check, version_a
):
    first_item = version_a.items.all()[0]
    answers = {**all_points(version_a, 0), first_item.pk: 4}
    old_check = make_check(business_a, advisor_a, points=answers)
    old_score = old_check.score

    new = services.publish_version(
        version_a.questionnaire,
        items=drafts_of(version_a),
        thresholds=THRESHOLDS,
        note="閾値を変更",
        actor=admin_a,
    )
    assert new.number == 2 and new.is_current
    version_a.refresh_from_db()
    assert not version_a.is_current
    assert services.current_version(chamber_a) == new
    # Items are copied, not shared: the old check's answers still point at version 1's items.
    assert not set(new.items.values_list("pk", flat=True)) & set(
        version_a.items.values_list("pk", flat=True)
    )
    old_check.refresh_from_db()
    assert old_check.version == version_a
    assert old_check.score == old_score
    assert AuditEntry.objects.filter(action="motivation.questionnaire.versioned").count() == 1


def test_new_weights_apply_to_new_checks_only(
    business_a, advisor_a, admin_a, make_check, version_a
):
    first = version_a.items.all()[0]
    answers_v1 = {**all_points(version_a, 0), first.pk: 4}
    old_check = make_check(business_a, advisor_a, points=answers_v1)
    # Version 2: the first question's weight drops from 5 to 1.
    new = services.publish_version(
        version_a.questionnaire,
        items=drafts_of(version_a, {1: 1}),
        thresholds=THRESHOLDS,
        note="",
        actor=admin_a,
    )
    new = services.version_with_items(new.pk)
    new_first = new.items.all()[0]
    new_check = make_check(
        business_a, advisor_a, points={**all_points(new, 0), new_first.pk: 4}, version=new
    )
    assert new_check.score < old_check.score
    # Editing the old check re-scores it with ITS version, not the current one.
    updated = services.update_check(
        old_check,
        checked_on=old_check.checked_on,
        points_by_item=answers_v1,
        channel="desk",
        priority=False,
        priority_reason="",
        note="再確認",
        actor=advisor_a,
    )
    assert updated.version == version_a
    assert updated.score == old_check.score


def test_invalid_thresholds_make_no_version(admin_a, version_a):
    bad = Thresholds(a=Decimal("40"), b=Decimal("60"), c=Decimal("20"))
    with pytest.raises(DomainError, match="ランクA"):
        services.publish_version(
            version_a.questionnaire,
            items=drafts_of(version_a),
            thresholds=bad,
            note="",
            actor=admin_a,
        )
    assert version_a.questionnaire.versions.count() == 1


def test_invalid_items_make_no_version(admin_a, version_a):
    with pytest.raises(DomainError):
        services.publish_version(
            version_a.questionnaire,
            items=[ItemDraft("", 9)],
            thresholds=THRESHOLDS,
            note="",
            actor=admin_a,
        )
    with pytest.raises(DomainError):
        services.publish_version(
            version_a.questionnaire, items=[], thresholds=THRESHOLDS, note="", actor=admin_a
        )
    assert version_a.questionnaire.versions.count() == 1


def test_update_and_delete_are_audited(business_a, advisor_a, make_check, version_a):
    check = make_check(business_a, advisor_a, points=1)
    services.update_check(
        check,
        checked_on=check.checked_on,
        points_by_item=all_points(version_a, 4),
        channel="visit",
        priority=True,
        priority_reason="資金調達の相談あり",
        note="",
        actor=advisor_a,
    )
    check.refresh_from_db()
    assert check.score == Decimal("100.0") and check.rank == "A"
    assert set(check.answers.values_list("points", flat=True)) == {4}
    updated = AuditEntry.objects.get(action="motivation.check.updated")
    assert "score" in updated.changes and "priority" in updated.changes
    services.delete_check(check, actor=advisor_a)
    assert not MotivationCheck.objects.exists()
    assert AuditEntry.objects.filter(action="motivation.check.deleted").count() == 1
