"""Recording, showing, editing and deleting checks through the screens; the questionnaire."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from bansou.accounts.models import Role
from bansou.audit.models import AuditEntry
from bansou.motivation.models import MotivationCheck, QuestionnaireVersion
from bansou.support.choices import Channel
from bansou.testing import login, make_user

pytestmark = pytest.mark.django_db


def check_post(version, points=2, **overrides):
    data = {
        "checked_on": "令和6年6月3日",
        "channel": "visit",
        "priority_reason": "",
        "note": "",
        **{f"item_{item.pk}": str(points) for item in version.items.all()},
    }
    data.update(overrides)
    return data


def create_url(business):
    return reverse("motivation:create") + f"?business={business.pk}"


def test_create_form_shows_every_question(advisor_a, business_a, version_a):
    response = login(advisor_a).get(create_url(business_a))
    assert response.status_code == 200
    body = response.content.decode()
    for item in version_a.items.all():
        assert item.text in body
    assert 'name="priority"' in body


def test_create_records_a_check(advisor_a, business_a, version_a):
    response = login(advisor_a).post(create_url(business_a), check_post(version_a, points=3))
    check = MotivationCheck.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("motivation:detail", kwargs={"pk": check.pk})
    assert (check.score, check.rank, check.checked_on) == (75, "A", date(2024, 6, 3))
    assert check.staff == advisor_a and check.fiscal_year == 2024


def test_full_width_date_is_accepted(advisor_a, business_a, version_a):
    data = check_post(version_a, checked_on="２０２４／６／３")
    assert login(advisor_a).post(create_url(business_a), data).status_code == 302


@pytest.mark.parametrize("forged", ["7", "-1", "abc", "4.5"])
def test_forged_points_are_refused_and_nothing_is_written(advisor_a, business_a, version_a, forged):
    data = check_post(version_a)
    data[f"item_{version_a.items.all()[0].pk}"] = forged
    response = login(advisor_a).post(create_url(business_a), data)
    assert response.status_code == 200
    assert "点数は0から4までの整数で入力してください。" in response.content.decode()
    assert not MotivationCheck.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="motivation.").exists()


def test_unanswered_question_is_refused(advisor_a, business_a, version_a):
    data = check_post(version_a)
    del data[f"item_{version_a.items.all()[3].pk}"]
    response = login(advisor_a).post(create_url(business_a), data)
    assert response.status_code == 200
    assert "この質問に回答してください。" in response.content.decode()
    assert not MotivationCheck.objects.exists()


def test_priority_without_reason_is_refused(advisor_a, business_a, version_a):
    data = check_post(version_a, priority="on")
    response = login(advisor_a).post(create_url(business_a), data)
    assert response.status_code == 200
    assert "優先する理由を入力してください。" in response.content.decode()
    assert not MotivationCheck.objects.exists()


def test_future_date_is_refused(advisor_a, business_a, version_a):
    data = check_post(version_a, checked_on="2099-01-01")
    assert login(advisor_a).post(create_url(business_a), data).status_code == 200
    assert not MotivationCheck.objects.exists()


def test_unknown_channel_is_refused(advisor_a, business_a, version_a):
    data = check_post(version_a, channel="telepathy")
    assert login(advisor_a).post(create_url(business_a), data).status_code == 200
    assert not MotivationCheck.objects.exists()


def test_create_without_business_sends_to_the_register(advisor_a):
    response = login(advisor_a).get(reverse("motivation:create"))
    assert response.status_code == 302
    assert response.url == reverse("businesses:list")


def test_detail_shows_score_rank_and_answers(advisor_a, business_a, make_check, version_a):
    check = make_check(business_a, advisor_a, points=1, priority=True, priority_reason="融資相談")
    body = login(advisor_a).get(reverse("motivation:detail", kwargs={"pk": check.pk})).content
    body = body.decode()
    assert "25.0%" in body and "融資相談" in body
    with translation.override("ja"):
        assert str(Channel.VISIT.label) in body  # the support app's label (巡回訪問)
    assert version_a.items.all()[11].text in body
    assert "令和6年6月3日" in body


def test_edit_rescores(advisor_a, business_a, make_check, version_a):
    check = make_check(business_a, advisor_a, points=1)
    url = reverse("motivation:edit", kwargs={"pk": check.pk})
    page = login(advisor_a).get(url).content.decode()
    assert 'value="1" checked' in page or 'checked value="1"' in page or "checked" in page
    data = check_post(version_a, points=4, channel="desk") | {"lock_version": check.lock_version}
    response = login(advisor_a).post(url, data)
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.score, check.rank, check.channel) == (100, "A", "desk")


def test_only_the_author_or_an_admin_deletes(chamber_a, advisor_a, admin_a, business_a, make_check):
    check = make_check(business_a, advisor_a)
    colleague = make_user(chamber_a, Role.ADVISOR, "colleague")
    url = reverse("motivation:delete", kwargs={"pk": check.pk})
    assert login(colleague).post(url).status_code == 403
    response = login(admin_a).post(url)
    assert response.status_code == 302
    assert response.url == reverse("businesses:detail", kwargs={"pk": business_a.pk})
    assert not MotivationCheck.objects.exists()


def test_questionnaire_page_shows_items_and_history(committee_a, version_a):
    body = login(committee_a).get(reverse("motivation:questionnaire")).content.decode()
    assert version_a.items.all()[0].text in body
    assert "初期設定" in body
    assert reverse("motivation:questionnaire_edit") not in body  # no edit button


def edit_post(version, **overrides):
    items = list(version.items.all())
    data = {
        "items-TOTAL_FORMS": str(len(items) + 1),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
        "rank_a_min": "80",
        "rank_b_min": "60",
        "rank_c_min": "30",
        "note": "閾値の見直し",
        "lock_version": str(version.questionnaire.lock_version),
    }
    for n, item in enumerate(items):
        data[f"items-{n}-text"] = item.text
        data[f"items-{n}-weight"] = str(item.weight)
        data[f"items-{n}-max_points"] = str(item.max_points)
    data.update(overrides)
    return data


def test_questionnaire_edit_makes_a_new_version(
    chamber_a, admin_a, advisor_a, business_a, make_check, version_a
):
    old = make_check(business_a, advisor_a, points=3)
    lead = make_user(chamber_a, Role.LEAD_ADVISOR, "lead")
    data = edit_post(
        version_a,
        **{
            "items-1-DELETE": "on",
            "items-12-text": "新しい質問：地域貢献への意欲",
            "items-12-weight": "2",
            "items-12-max_points": "4",
        },
    )
    response = login(lead).post(reverse("motivation:questionnaire_edit"), data)
    assert response.status_code == 302
    new = QuestionnaireVersion.objects.get(is_current=True)
    texts = list(new.items.values_list("text", flat=True))
    assert new.number == 2 and len(texts) == 12
    assert texts[-1] == "新しい質問：地域貢献への意欲"
    assert version_a.items.all()[1].text not in texts
    assert (new.rank_a_min, new.rank_b_min, new.rank_c_min) == (80, 60, 30)
    old.refresh_from_db()
    assert old.version == version_a and old.score == 75 and old.rank == "A"
    # The history lists both versions.
    body = login(advisor_a).get(reverse("motivation:questionnaire")).content.decode()
    assert "閾値の見直し" in body and "初期設定" in body


@pytest.mark.parametrize(
    ("a", "b", "c", "message"),
    [
        ("50", "60", "30", "ランクAの基準はランクBの基準より低くできません。"),
        ("80", "60", "70", "ランクBの基準はランクCの基準より低くできません。"),
        ("120", "60", "30", "ランクAの基準は0から100の範囲で入力してください。"),
    ],
)
def test_bad_thresholds_are_explained(admin_a, version_a, a, b, c, message):
    data = edit_post(version_a, rank_a_min=a, rank_b_min=b, rank_c_min=c)
    response = login(admin_a).post(reverse("motivation:questionnaire_edit"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert QuestionnaireVersion.objects.count() == 1


def test_bad_weight_is_refused(admin_a, version_a):
    data = edit_post(version_a, **{"items-0-weight": "9"})
    response = login(admin_a).post(reverse("motivation:questionnaire_edit"), data)
    assert response.status_code == 200
    assert QuestionnaireVersion.objects.count() == 1
