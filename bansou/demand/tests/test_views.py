"""Screens: the builder, the public form (limits, refusals, what it reveals), staff entry,
results (query bound), PDFs, tenancy."""

from datetime import date

import pytest
from django.urls import reverse

from bansou.demand import limits, services
from bansou.demand.models import DemandResponse, DemandSurvey, SurveyStatus
from bansou.testing import login

from .conftest import good_values, make_survey, post_data

pytestmark = pytest.mark.django_db


def public(survey) -> str:
    return reverse("demand:public_form", kwargs={"code": survey.short_code})


def test_staff_create_a_questionnaire_from_the_standard_set(advisor_a, business_a):
    client = login(advisor_a)
    url = reverse("demand:create")
    assert business_a.name in client.get(url, {"q": business_a.name[:4]}).content.decode()
    response = client.post(
        f"{url}?business={business_a.pk}",
        {"product_name": "鋳物のすき焼き鍋", "channel": "exhibition", "target_responses": "５０",
         "max_responses": "300", "opens_on": "令和8年10月18日", "current_phase": ""},
    )  # fmt: skip
    survey = DemandSurvey.objects.get()
    assert response.status_code == 302 and survey.target_responses == 50
    assert survey.questions.count() == 12 and survey.status == SurveyStatus.DRAFT
    page = client.get(reverse("demand:detail", args=[survey.pk])).content.decode()
    assert survey.short_code in page and "<svg" in page and "触った" in page


def test_a_bad_survey_form_writes_nothing(advisor_a, business_a):
    client = login(advisor_a)
    response = client.post(
        f"{reverse('demand:create')}?business={business_a.pk}",
        {"product_name": "x", "channel": "exhibition", "target_responses": "100",
         "max_responses": "50", "opens_on": "2026-10-18", "closes_on": "2026-10-01"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "受付終了日が受付開始日より前です" in html and "回答数の上限が目標回答数より少なく" in html
    )
    assert not DemandSurvey.objects.exists()


def test_a_visitor_answers_on_the_public_form(client, survey_a):
    page = client.get(public(survey_a))
    html = page.content.decode()
    assert page.status_code == 200 and survey_a.product_name in html
    assert limits.DEVICE_COOKIE in page.cookies
    assert "お名前やご連絡先はお尋ねしません" in html and "respondent_name" not in html
    response = client.post(public(survey_a), post_data(good_values(survey_a)))
    assert "ご回答ありがとうございました" in response.content.decode()
    stored = DemandResponse.objects.get()
    assert not stored.staff_entered and stored.device_hash
    # The same phone again: refused politely, nothing written.
    again = client.post(public(survey_a), post_data(good_values(survey_a)))
    assert "すでに回答いただいています" in again.content.decode()
    assert DemandResponse.objects.count() == 1


def test_the_honeypot_is_thanked_and_nothing_is_written(client, survey_a):
    data = {**post_data(good_values(survey_a)), limits.HONEYPOT_FIELD: "http://spam.example"}
    response = client.post(public(survey_a), data)
    assert "ご回答ありがとうございました" in response.content.decode()
    assert not DemandResponse.objects.exists()


def test_bad_answers_on_the_form_are_named_in_japanese(client, survey_a):
    values = good_values(survey_a)
    price = survey_a.questions.get(text__startswith="価格")
    current = survey_a.questions.get(text__startswith="現在")
    values[price.pk] = "9"
    values[current.pk] = "偽の選択肢"
    design = survey_a.questions.get(text__startswith="デザイン")
    del values[design.pk]
    response = client.post(public(survey_a), post_data(values))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("表示された選択肢の中から選んでください") == 2
    assert "この質問に回答してください" in html
    assert not DemandResponse.objects.exists()


def test_the_address_limit_on_the_form(client, survey_a, settings):
    settings.BANSOU_DEMAND_ANSWERS_PER_ADDRESS_HOUR = 2
    for _n in range(2):
        client.cookies.clear()  # a new device each time, the same address
        client.post(public(survey_a), post_data(good_values(survey_a)))
    client.cookies.clear()
    response = client.post(public(survey_a), post_data(good_values(survey_a)))
    assert "この接続からの回答が多すぎます" in response.content.decode()
    assert DemandResponse.objects.count() == 2


def test_a_closed_survey_refuses_politely(client, closed_survey_a):
    page = client.get(public(closed_survey_a))
    html = page.content.decode()
    assert page.status_code == 200 and "回答を受け付けていません" in html
    assert "<form" not in html
    response = client.post(public(closed_survey_a), post_data(good_values(closed_survey_a)))
    assert "回答を受け付けていません" in response.content.decode()
    assert not DemandResponse.objects.exists()


def test_unknown_and_draft_codes_are_the_japanese_404(client, business_a, advisor_a):
    draft = make_survey(business_a, advisor_a, open_=False)
    for code in ("zzzzzzzz", "abc", draft.short_code, "../../x", "ａｂｃｄｅｆｇｈ"):
        response = client.get(f"/q/{code}/")
        assert response.status_code == 404
        assert "ページが見つかりません" in response.content.decode()


def test_the_public_form_reveals_nothing_else(client, survey_a, business_a, advisor_a):
    other = make_survey(business_a, advisor_a, product_name="秘密の新製品")
    services.submit_response(survey_a, {**good_values(survey_a)}, actor=advisor_a,
                             name="来場者の名前")  # fmt: skip
    html = client.get(public(survey_a)).content.decode()
    assert "秘密の新製品" not in html and other.short_code not in html
    assert "来場者の名前" not in html and "とても良い製品です" not in html
    assert f"/demand/{survey_a.pk}" not in html and "回答数" not in html


def test_staff_entry_is_marked_and_counted(advisor_a, survey_a):
    client = login(advisor_a)
    url = reverse("demand:enter", args=[survey_a.pk])
    page = client.get(url).content.decode()
    assert limits.HONEYPOT_FIELD not in page
    response = client.post(url, post_data(good_values(survey_a)))
    assert response.status_code == 302
    stored = DemandResponse.objects.get()
    assert stored.staff_entered and stored.entered_by == advisor_a


def test_results_show_per_question_counts_with_a_constant_number_of_queries(
    advisor_a, survey_a, django_assert_max_num_queries
):
    client = login(advisor_a)
    url = reverse("demand:results", args=[survey_a.pk])
    services.submit_response(survey_a, good_values(survey_a), actor=advisor_a)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(12):
        services.submit_response(survey_a, good_values(survey_a), device=f"d{n}")
    from bansou.demand.models import Question

    for n in range(10):
        Question.objects.create(organization=survey_a.organization, survey=survey_a,
                                text=f"追加{n}", kind="scale", low_label="低", high_label="高",
                                position=500 + n)  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    html = page.content.decode()
    assert "回答13件" in html and "平均 4.0" in html and "<svg" in html


def test_the_pdfs(advisor_a, survey_a):
    client = login(advisor_a)
    services.submit_response(survey_a, good_values(survey_a), actor=advisor_a)
    for name in ("demand:feedback_pdf", "demand:sheet_pdf"):
        response = client.get(reverse(name, args=[survey_a.pk]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_feedback_with_expert_plan_and_file(advisor_a, survey_a, business_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bansou.business_plans.models import BusinessPlan
    from bansou.partners.models import Expert

    expert = Expert.objects.create(organization=survey_a.organization, name="販路 太郎",
                                   specialty="sme_consultant")  # fmt: skip
    plan = BusinessPlan(business=business_a, staff=advisor_a, title="新製品の販路開拓計画",
                        kind="action", started_on=date(2026, 11, 1))  # fmt: skip
    plan.capture_business_facts()
    plan.save()
    client = login(advisor_a)
    response = client.post(
        reverse("demand:feedback", args=[survey_a.pk]),
        {"expert": expert.pk, "analysis": "価格は割高感あり。",
         "feedback_on": survey_a.opens_on.isoformat(), "plans": [plan.pk],
         "lock_version": survey_a.lock_version,
         "upload": SimpleUploadedFile("分析.txt", "分析メモ".encode())},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    survey = DemandSurvey.objects.get(pk=survey_a.pk)
    assert survey.expert == expert and list(survey.plans.all()) == [plan]
    download = client.get(reverse("demand:analysis_file", args=[survey.pk]))
    assert b"".join(download.streaming_content).decode() == "分析メモ"
    plan_page = client.get(reverse("business_plans:detail", args=[plan.pk])).content.decode()
    assert "反映した需要動向調査" in plan_page and survey.product_name in plan_page


def test_another_chambers_survey_is_404(advisor_b, survey_a):
    client = login(advisor_b)
    for name in ("demand:detail", "demand:results", "demand:enter", "demand:feedback_pdf"):
        assert client.get(reverse(name, args=[survey_a.pk])).status_code == 404
    question = survey_a.questions.first()
    assert client.get(reverse("demand:question_edit", args=[question.pk])).status_code == 404
    assert client.post(reverse("demand:status", args=[survey_a.pk]),
                       {"status": "closed"}).status_code == 404  # fmt: skip
    assert DemandSurvey.objects.get(pk=survey_a.pk).status == SurveyStatus.OPEN


def test_open_and_close(advisor_a, business_a):
    survey = make_survey(business_a, advisor_a, open_=False)
    client = login(advisor_a)
    url = reverse("demand:status", args=[survey.pk])
    client.post(url, {"status": "open"})
    assert DemandSurvey.objects.get(pk=survey.pk).status == "open"
    client.post(url, {"status": "closed"})
    assert DemandSurvey.objects.get(pk=survey.pk).status == "closed"
