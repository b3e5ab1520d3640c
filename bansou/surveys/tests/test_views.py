"""The survey screens, answer entry, the public report and the personal response link."""

import re
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bansou.surveys import di
from bansou.surveys.models import SurveyAnswer, SurveyResponse, SurveyRound
from bansou.surveys.services import response_token
from bansou.testing import login

pytestmark = pytest.mark.django_db


def test_staff_pages_show_the_di_with_the_number_of_answers(
    answered_round, advisor_a, django_assert_max_num_queries
):
    client = login(advisor_a)
    assert "中小企業景況調査" in client.get(reverse("surveys:list")).content.decode()
    with django_assert_max_num_queries(12):
        page = client.get(reverse("surveys:detail", args=[answered_round.survey_id])).content
    page = page.decode()
    assert "2024Q2" in page and "<svg" in page
    # The figures of the chart as a table, and one item's DI by industry, each with its n.
    over_time = page.split('id="di-over-time"')[1].split("</table>")[0]
    assert '100.0 <span class="n">(n=1)</span>' in over_time
    assert "▲100.0" in over_time  # 売上高
    by_industry = page.split('id="di-by-industry-over-time"')[1].split("</table>")[0]
    assert "業況DIの業種別推移" in by_industry and "製造業" in by_industry
    assert '100.0 <span class="n">(n=1)</span>' in by_industry
    sales = answered_round.survey.items.get(name="売上高")
    url = reverse("surveys:detail", args=[answered_round.survey_id])
    page = client.get(url, {"item": sales.pk}).content.decode()
    assert "売上高DIの業種別推移" in page
    with django_assert_max_num_queries(20):
        page = client.get(reverse("surveys:round", args=[answered_round.pk])).content.decode()
    assert '100.0 <span class="n">(n=1)</span>' in page  # 業況: 好転 1 of 1
    assert "▲100.0" in page  # 売上高: 減少 1 of 1
    assert "人手不足" in page and "受注は回復傾向" in page  # comments, to staff only
    assert "2024年4〜6月期" in page


def test_staff_enter_answers_on_the_phone_friendly_form(sme_round, business_a, advisor_a):
    client = login(advisor_a)
    url = reverse("surveys:answer", args=[sme_round.pk])
    assert "事業者ID" in client.get(url).content.decode()  # no panel yet: opened by ID
    items = {i.name: i for i in sme_round.survey.items.all()}
    form = {
        "business": business_a.pk,
        "channel": "phone",
        f"item_{items['業況'].pk}": di.MINUS,
        f"item_{items['従業員数'].pk}": di.NOT_APPLICABLE,
        "comment": "電話で聴取",
    }
    response = client.post(f"{url}?business={business_a.pk}", form)
    assert response.status_code == 302
    sides = dict(SurveyAnswer.objects.values_list("item__name", "side"))
    assert sides == {"業況": "minus", "従業員数": "na"}
    bad = {**form, f"item_{items['業況'].pk}": "better"}
    page = client.post(f"{url}?business={business_a.pk}", bad)
    assert page.status_code == 200 and SurveyAnswer.objects.get(item__name="業況").side == "minus"


def test_a_round_from_a_follow_call_support_record(surveys_a, business_a, advisor_a):
    from bansou.support.tests.factories import make_record

    when = timezone.make_aware(datetime(2025, 2, 10, 10, 0))
    record = make_record(business_a, advisor_a, when=when, channel="follow_call")
    client = login(advisor_a)
    response = client.get(reverse("surveys:from_support", args=[record.pk]))
    round_ = SurveyRound.objects.get(survey__code="follow-call")
    assert round_.period == "2025Q1" and round_.fiscal_year == 2025 - 1
    assert response["Location"].endswith(f"?support_record={record.pk}")
    items = {i.name: i for i in round_.survey.items.all()}
    client.post(response["Location"], {"channel": "support", f"item_{items['業況'].pk}": "plus"})
    saved = SurveyResponse.objects.get(round=round_)
    assert (saved.business, saved.support_record, saved.channel) == (business_a, record, "support")


def test_publishing_records_the_day_and_the_public_page_reveals_no_respondent(
    answered_round, advisor_a, client
):
    url = reverse(
        "surveys:public_report", args=[answered_round.organization.slug, answered_round.pk]
    )
    assert client.get(url).status_code == 404  # not published yet
    staff = login(advisor_a)
    form = {"title": "", "commentary": "業況は改善傾向。", "published": "on", "published_on": "",
            "lock_version": answered_round.lock_version}  # fmt: skip
    assert staff.post(reverse("surveys:round", args=[answered_round.pk]), form).status_code == 302
    answered_round.refresh_from_db()
    assert answered_round.published and answered_round.published_on is not None
    page = client.get(url).content.decode()
    assert "業況は改善傾向。" in page and "かわぐち経済レポート" in page
    assert "青葉鋳工所" not in page and "人手不足" not in page and "受注は回復傾向" not in page
    assert "＊" in page  # one answer in the industry: not shown publicly
    listing = client.get(reverse("surveys:public_list", args=[answered_round.organization.slug]))
    assert "中小企業景況調査" in listing.content.decode()
    pdf = client.get(
        reverse("surveys:public_pdf", args=[answered_round.organization.slug, answered_round.pk])
    )
    assert pdf.content.startswith(b"%PDF")


def test_another_chambers_report_and_unpublished_rounds_are_not_public(
    answered_round, chamber_b, client
):
    answered_round.published = True
    answered_round.published_on = date(2024, 7, 25)
    answered_round.save()
    assert (
        client.get(
            reverse("surveys:public_report", args=[chamber_b.slug, answered_round.pk])
        ).status_code
        == 404
    )
    listing = client.get(reverse("surveys:public_list", args=[chamber_b.slug])).content.decode()
    assert "中小企業景況調査" not in listing


def test_the_personal_link_answers_without_login_and_shows_nothing_else(
    answered_round, business_a, client
):
    token = response_token(answered_round, business_a)
    url = reverse("surveys:respond", args=[token])
    page = client.get(url).content.decode()
    assert "株式会社青葉鋳工所" in page and "業況" in page
    # Not its stored answers, no figures; in the text, not the tags (the link's token and the
    # CSRF token are random and may hold "DI").
    text = re.sub(r"<[^>]*>", " ", page)
    assert "受注は回復傾向" not in text and "DI" not in text
    items = {i.name: i for i in answered_round.survey.items.all()}
    client.post(url, {f"item_{items['業況'].pk}": "neutral", "comment": ""})
    response = SurveyResponse.objects.get(round=answered_round, business=business_a)
    assert response.channel == "link"
    assert SurveyAnswer.objects.get(response=response, item__name="業況").side == "neutral"
    assert client.get(reverse("surveys:respond", args=[token[:-2] + "xx"])).status_code == 404
