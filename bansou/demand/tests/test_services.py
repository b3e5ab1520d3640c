"""The builder, answers and their limits, bad input (nothing written), completion."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bansou.core.errors import DomainError
from bansou.demand import services
from bansou.demand.models import (
    Answer,
    DemandResponse,
    DemandSurvey,
    Question,
    QuestionKind,
    SurveyStatus,
)
from bansou.demand.questions import EXHIBITION
from bansou.demand.results import build, mean_of

from .conftest import good_values, make_survey

pytestmark = pytest.mark.django_db


def _q(survey, kind):
    return next(q for q in services.questions_for(survey) if q.kind == kind)


def test_a_new_survey_starts_from_the_standard_exhibition_questions(survey_a):
    texts = list(survey_a.questions.values_list("text", flat=True))
    assert texts == [spec.text for spec in EXHIBITION]
    for word in (
        "価格",
        "デザイン",
        "触った",
        "他社",
        "パッケージ",
        "重さ",
        "大きさ",
        "色",
        "現在",
    ):
        assert any(word in t for t in texts), word
    assert len(survey_a.short_code) == 8 and survey_a.short_code.isalnum()
    assert not survey_a.asks_personal_data


def test_a_crowdfunding_survey_has_before_and_after_sets(business_a, advisor_a):
    survey = make_survey(business_a, advisor_a, channel="crowdfunding")
    phases = set(survey.questions.values_list("phase", flat=True))
    assert phases == {"", "before", "after"}
    assert survey.current_phase == "before"
    shown = services.questions_for(survey)
    assert all(q.phase in ("", "before") for q in shown)
    services.submit_response(survey, good_values(survey), address="192.0.2.1", device="d1")
    survey.current_phase = "after"
    survey.save()
    assert all(q.phase in ("", "after") for q in services.questions_for(survey))
    services.submit_response(survey, good_values(survey), address="192.0.2.2", device="d2")
    assert list(DemandResponse.objects.filter(survey=survey).values_list("phase", flat=True)) == [
        "before",
        "after",
    ]


def test_the_builder_checks_its_questions(survey_a, advisor_a):
    bad = Question(survey=survey_a, text="色の好み", kind=QuestionKind.SINGLE, options="赤")
    with pytest.raises(DomainError, match="2つ以上"):
        services.save_question(bad, None, actor=advisor_a)
    scale = Question(survey=survey_a, text="満足度", kind=QuestionKind.SCALE, low_label="不満")
    with pytest.raises(DomainError, match="両端"):
        services.save_question(scale, None, actor=advisor_a)
    good = Question(survey=survey_a, text="色の好み", kind=QuestionKind.SINGLE, options="赤\n黒")
    saved = services.save_question(good, None, actor=advisor_a)
    assert saved.position > 100 and saved.organization_id == survey_a.organization_id


def test_an_answered_question_keeps_its_type_and_is_not_deleted(survey_a, advisor_a):
    services.submit_response(survey_a, good_values(survey_a), address="192.0.2.1", device="x")
    q = _q(survey_a, "scale")
    q.kind = QuestionKind.TEXT
    with pytest.raises(DomainError):
        services.save_question(q, {}, actor=advisor_a)
    with pytest.raises(DomainError):
        services.delete_question(Question.objects.get(pk=q.pk), actor=advisor_a)
    assert Question.objects.filter(pk=q.pk, kind="scale").exists()


def test_an_answer_is_stored_and_counted(survey_a):
    response = services.submit_response(
        survey_a, good_values(survey_a), address="192.0.2.1", device="dev-1"
    )
    survey_a.refresh_from_db()
    assert survey_a.response_count == 1
    assert not response.staff_entered and response.address_hash and response.device_hash
    assert "192.0.2.1" not in response.address_hash  # an HMAC, never the address
    scale = Answer.objects.get(response=response, question=_q(survey_a, "scale"))
    assert scale.scale == 4


def test_staff_entry_is_marked(survey_a, advisor_a):
    response = services.submit_response(survey_a, good_values(survey_a), actor=advisor_a)
    assert response.staff_entered and response.entered_by == advisor_a
    assert response.address_hash == response.device_hash == ""


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("scale", "6", "1から5"),
        ("scale", "0", "1から5"),
        ("scale", "abc", "1から5"),
        ("single", "存在しない選択肢", "選択肢の中から"),
        ("multiple", ["国内メーカー品", "偽物"], "選択肢の中から"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(survey_a, kind, value, message):
    values = good_values(survey_a)
    if kind == "multiple":
        q = Question.objects.create(
            organization=survey_a.organization, survey=survey_a, text="使う場面（いくつでも）",
            kind="multiple", options="国内メーカー品\n家庭\n贈り物", position=999,
        )  # fmt: skip
        values[q.pk] = value
    else:
        values[_q(survey_a, kind).pk] = value
    with pytest.raises(DomainError, match=message):
        services.submit_response(survey_a, values, address="192.0.2.1", device="d")
    assert not DemandResponse.objects.exists() and not Answer.objects.exists()
    survey_a.refresh_from_db()
    assert survey_a.response_count == 0


def test_a_missing_required_answer_is_named(survey_a):
    values = good_values(survey_a)
    price = survey_a.questions.get(text__startswith="価格")
    values[price.pk] = ""
    with pytest.raises(DomainError, match="「価格はいかがですか」に回答してください"):
        services.submit_response(survey_a, values, address="192.0.2.1", device="d")
    assert not DemandResponse.objects.exists()


def test_one_answer_per_device(survey_a):
    services.submit_response(survey_a, good_values(survey_a), address="192.0.2.1", device="same")
    with pytest.raises(DomainError) as refused:
        services.submit_response(
            survey_a, good_values(survey_a), address="192.0.2.9", device="same"
        )
    assert refused.value.code == "device" and "すでに" in refused.value.message
    assert DemandResponse.objects.count() == 1


def test_answers_per_address_are_limited(survey_a, settings):
    settings.BANSOU_DEMAND_ANSWERS_PER_ADDRESS_HOUR = 3
    for n in range(3):
        services.submit_response(survey_a, good_values(survey_a), address="198.51.100.7",
                                 device=f"dev-{n}")  # fmt: skip
    with pytest.raises(DomainError) as refused:
        services.submit_response(survey_a, good_values(survey_a), address="198.51.100.7",
                                 device="dev-new")  # fmt: skip
    assert refused.value.code == "address"
    # Another connection answers; an hour later the first may again.
    services.submit_response(survey_a, good_values(survey_a), address="198.51.100.8", device="o")
    later = timezone.now() + timedelta(hours=1, minutes=1)
    services.submit_response(
        survey_a, good_values(survey_a), address="198.51.100.7", device="dev-later", now=later
    )
    assert DemandResponse.objects.count() == 5


def test_the_cap_closes_the_survey(business_a, advisor_a):
    survey = make_survey(business_a, advisor_a, target_responses=2, max_responses=2)
    for n in range(2):
        services.submit_response(survey, good_values(survey), device=f"d{n}")
    survey.refresh_from_db()
    assert not services.accepting(survey)
    with pytest.raises(DomainError) as refused:
        services.submit_response(survey, good_values(survey), device="d3")
    assert refused.value.code == "full"
    with pytest.raises(DomainError):  # staff too: the cap is the survey's
        services.submit_response(survey, good_values(survey), actor=advisor_a)
    assert DemandResponse.objects.count() == 2


def test_a_closed_or_draft_survey_refuses_the_public(closed_survey_a, business_a, advisor_a):
    with pytest.raises(DomainError) as refused:
        services.submit_response(closed_survey_a, good_values(closed_survey_a), device="d")
    assert refused.value.code == "closed"
    draft = make_survey(business_a, advisor_a, open_=False)
    with pytest.raises(DomainError):
        services.submit_response(draft, good_values(draft), device="d")
    future = make_survey(business_a, advisor_a, opens_on=timezone.localdate() + timedelta(1))
    with pytest.raises(DomainError):
        services.submit_response(future, good_values(future), device="d")
    # Staff still enter the answers written on paper after the fair.
    services.submit_response(closed_survey_a, good_values(closed_survey_a), actor=advisor_a)
    assert DemandResponse.objects.count() == 1


def test_personal_data_is_kept_only_when_the_survey_asks(survey_a, business_a, advisor_a):
    r = services.submit_response(survey_a, good_values(survey_a), device="a", name="山田",
                                 contact="yamada@example.jp")  # fmt: skip
    assert (r.respondent_name, r.respondent_contact) == ("", "")
    asking = make_survey(business_a, advisor_a, asks_personal_data=True)
    r = services.submit_response(asking, good_values(asking), device="b", name="山田")
    assert r.respondent_name == "山田"


def test_completion_needs_the_target_and_the_feedback(business_a, advisor_a):
    survey = make_survey(business_a, advisor_a, opens_on=date(2024, 10, 20), target_responses=2)
    services.submit_response(survey, good_values(survey), actor=advisor_a)
    survey.refresh_from_db()
    before = {}
    survey.feedback_on = date(2024, 12, 1)
    services.record_feedback(survey, before, actor=advisor_a)
    assert (survey.completed_on, survey.fiscal_year) == (None, None)  # 1 of 2
    services.submit_response(survey, good_values(survey), actor=advisor_a)
    survey = DemandSurvey.objects.get(pk=survey.pk)
    assert (survey.completed_on, survey.fiscal_year) == (date(2024, 12, 1), 2024)
    # A stale copy saved later does not write the old count back.
    stale = DemandSurvey.objects.get(pk=survey.pk)
    services.submit_response(survey, good_values(survey), actor=advisor_a)
    stale.analysis = "追記"
    stale.save()
    assert DemandSurvey.objects.get(pk=survey.pk).response_count == 3


def test_results_count_in_the_database(survey_a, advisor_a):
    values = good_values(survey_a)
    services.submit_response(survey_a, values, actor=advisor_a)
    price = survey_a.questions.get(text__startswith="価格")
    values[price.pk] = "2"
    services.submit_response(survey_a, values, actor=advisor_a)
    rows = {r.question.pk: r for r in build(survey_a)}
    assert rows[price.pk].answered == 2
    assert rows[price.pk].counts == [("1", 0), ("2", 1), ("3", 0), ("4", 1), ("5", 0)]
    assert str(rows[price.pk].mean) == "3.0"
    current = survey_a.questions.get(kind="single", text__startswith="現在")
    assert dict(rows[current.pk].counts)["国内メーカー品"] == 2
    comment = survey_a.questions.get(kind="text")
    assert rows[comment.pk].texts == ["とても良い製品です"] * 2
    assert str(mean_of({1: 1, 2: 1})) == "1.5" and mean_of({}) is None


def test_a_business_of_another_chamber_cannot_be_surveyed(business_b, advisor_a):
    survey = DemandSurvey(business=business_b, staff=advisor_a, product_name="x",
                          channel="exhibition", opens_on=date(2024, 10, 1))  # fmt: skip
    survey.organization_id = advisor_a.organization_id
    # create_survey takes the chamber from the business: staff of A cannot enter it there.
    with pytest.raises(DomainError):
        services.submit_response(make_survey(business_b, advisor_a), {}, actor=advisor_a)


def test_opening_needs_questions(business_a, advisor_a):
    survey = DemandSurvey(business=business_a, staff=advisor_a, product_name="x",
                          channel="exhibition", opens_on=date(2024, 10, 1))  # fmt: skip
    survey = services.create_survey(survey, actor=advisor_a, standard=False)
    with pytest.raises(DomainError):
        services.set_status(survey, SurveyStatus.OPEN, actor=advisor_a)
