"""Survey management: definitions, items, panel, publishing into the publications register,
and the personal response links in bulk (page, CSV, e-mail)."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.businesses.models import Business
from bansou.meetings.models import Publication
from bansou.surveys.models import Survey, SurveyItem, SurveyRound
from bansou.surveys.services import read_token
from bansou.testing import login, make_business

pytestmark = pytest.mark.django_db

SURVEY_FORM = {
    "code": "dx",
    "name": "DX化の現状調査",
    "cadence": "as_needed",
    "panel_size": "30",
    "description": "随時",
    "sort_order": "9",
}


def _item_form(**extra) -> dict:
    return {
        "name": "DX化の進捗", "kind": "choice", "plus_word": "進んだ", "neutral_word": "変わらない",
        "minus_word": "遅れた", "favourable_when_rising": "on", "basis": "pop", "group": "DX",
        "sort_order": "0", **extra,
    }  # fmt: skip


def test_staff_define_a_survey_and_edit_it_from_its_version(staff_a, chamber_a):
    client = login(staff_a)
    response = client.post(reverse("surveys:create"), SURVEY_FORM)
    survey = Survey.objects.get(organization=chamber_a, code="dx")
    assert response.status_code == 302 and response.url == reverse(
        "surveys:detail", args=[survey.pk]
    )
    assert AuditEntry.objects.filter(action="surveys.survey.created").count() == 1
    url = reverse("surveys:edit", args=[survey.pk])
    assert 'name="lock_version"' in client.get(url).content.decode()
    stale = survey.lock_version
    changed = {**SURVEY_FORM, "name": "DX化アンケート", "lock_version": stale}
    assert client.post(url, changed).status_code == 302
    survey.refresh_from_db()
    assert survey.name == "DX化アンケート"
    entry = AuditEntry.objects.get(action="surveys.survey.updated")
    assert entry.changes["name"]["new"] == "DX化アンケート"
    # A second form opened before that save is refused: nothing is overwritten.
    lost = {**SURVEY_FORM, "name": "古い名称", "lock_version": stale}
    assert client.post(url, lost).status_code == 409
    survey.refresh_from_db()
    assert survey.name == "DX化アンケート"
    # The same code twice in a chamber: a message, nothing written.
    page = client.post(reverse("surveys:create"), SURVEY_FORM)
    assert page.status_code == 200 and "dx" in page.content.decode()
    assert Survey.objects.filter(code="dx").count() == 1


def test_survey_management_is_refused_to_readers_and_other_chambers(
    surveys_a, committee_a, advisor_b, sme_round
):
    sme = surveys_a["sme"]
    item = sme.items.first()
    urls = [
        reverse("surveys:create"),
        reverse("surveys:edit", args=[sme.pk]),
        reverse("surveys:item_add", args=[sme.pk]),
        reverse("surveys:item_edit", args=[item.pk]),
        reverse("surveys:panel", args=[sme.pk]),
        reverse("surveys:links", args=[sme_round.pk]),
        reverse("surveys:links_csv", args=[sme_round.pk]),
    ]
    reader = login(committee_a)
    for url in urls:
        assert reader.get(url).status_code == 403
        assert reader.post(url, SURVEY_FORM).status_code == 403
    assert reader.post(reverse("surveys:item_delete", args=[item.pk])).status_code == 403
    other = login(advisor_b)
    for url in urls[1:]:
        assert other.get(url).status_code == 404
    assert other.post(reverse("surveys:item_delete", args=[item.pk])).status_code == 404
    assert SurveyItem.objects.filter(pk=item.pk).exists()


def test_items_with_their_words_polarity_and_not_applicable(surveys_a, staff_a):
    survey = surveys_a["urgent"]
    client = login(staff_a)
    url = reverse("surveys:item_add", args=[survey.pk])
    assert client.post(url, _item_form()).status_code == 302
    item = SurveyItem.objects.get(survey=survey, name="DX化の進捗")
    assert item.words == ("進んだ", "変わらない", "遅れた") and item.group == "DX"
    # 該当しない is always offered: it is not one of the three words.
    page = client.post(url, _item_form(name="IT投資", minus_word="該当しない"))
    assert page.status_code == 200 and "該当しない" in page.content.decode()
    page = client.post(url, _item_form(name="IT投資", minus_word=""))
    assert page.status_code == 200 and not SurveyItem.objects.filter(name="IT投資").exists()
    # An unfavourable item (a rising DI is bad news), then a lost update refused.
    edit = reverse("surveys:item_edit", args=[item.pk])
    stale = item.lock_version
    form = _item_form(favourable_when_rising="", lock_version=stale)
    del form["favourable_when_rising"]
    assert client.post(edit, form).status_code == 302
    item.refresh_from_db()
    assert item.favourable_when_rising is False
    assert client.post(edit, _item_form(name="古い", lock_version=stale)).status_code == 409
    # An item without answers can be deleted; one with answers cannot.
    assert client.post(reverse("surveys:item_delete", args=[item.pk])).status_code == 302
    assert not SurveyItem.objects.filter(pk=item.pk).exists()
    assert AuditEntry.objects.filter(action="surveys.item.deleted").count() == 1


def test_an_answered_item_keeps_its_kind_and_is_not_deleted(answered_round, staff_a):
    item = answered_round.survey.items.get(name="業況")
    client = login(staff_a)
    response = client.post(reverse("surveys:item_delete", args=[item.pk]))
    assert response.status_code == 302 and SurveyItem.objects.filter(pk=item.pk).exists()
    form = _item_form(name="業況", kind="text", lock_version=item.lock_version)
    page = client.post(reverse("surveys:item_edit", args=[item.pk]), form)
    assert page.status_code == 200
    item.refresh_from_db()
    assert item.kind == "choice"


def test_the_panel_is_searched_in_the_register_and_kept(
    surveys_a, staff_a, business_a, business_b, chamber_a, district_a,
    django_assert_max_num_queries,
):  # fmt: skip
    survey = surveys_a["lobo"]
    make_business(chamber_a, district_a, name="川口精機株式会社", name_kana="カワグチセイキ")
    client = login(staff_a)
    url = reverse("surveys:panel", args=[survey.pk])
    page = client.get(url, {"q": "川口精機"}).content.decode()
    assert "川口精機株式会社" in page
    target = Business.objects.get(name="川口精機株式会社")
    assert client.post(url, {"business": target.pk, "q": "川口精機"}).status_code == 302
    assert list(survey.panel.values_list("pk", flat=True)) == [target.pk]
    # Found again: it is on the panel already, so not offered.
    survey.panel.add(business_a)
    with django_assert_max_num_queries(12):
        page = client.get(url, {"q": "川口精機"}).content.decode()
    survey.panel.remove(business_a)
    found, members = page.split('id="found"')[1].split('id="members"')
    assert "川口精機株式会社" not in found and "川口精機株式会社" in members
    # Another chamber's business cannot join.
    assert client.post(url, {"business": business_b.pk}).status_code == 404
    assert client.post(url, {"business": target.pk, "remove": "1"}).status_code == 302
    assert not survey.panel.exists()
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions[-2:] == ["surveys.panel.added", "surveys.panel.removed"]


def _report_form(round_, **extra) -> dict:
    return {
        "title": "", "commentary": "業況は持ち直している。", "published": "on",
        "published_on": "2024-07-25", "lock_version": round_.lock_version, **extra,
    }  # fmt: skip


def test_publishing_records_the_round_in_the_publications_register(
    answered_round, staff_a, lead_advisor_a
):
    client = login(staff_a)
    url = reverse("surveys:round", args=[answered_round.pk])
    assert client.post(url, _report_form(answered_round)).status_code == 302
    answered_round.refresh_from_db()
    publication = answered_round.publication
    assert publication is not None
    assert (publication.kind, publication.fiscal_year) == ("survey_result", 2024)
    assert publication.published_on == date(2024, 7, 25) == answered_round.published_on
    assert publication.title == "中小企業景況調査 2024年4〜6月期"
    assert AuditEntry.objects.filter(action="surveys.round.published").exists()
    assert AuditEntry.objects.filter(action="meetings.publication.created").exists()
    page = client.get(url).content.decode()
    assert 'id="publication"' in page and reverse("meetings:publications") in page
    # The register shows it to those who read it.
    register = login(lead_advisor_a).get(reverse("meetings:publications")).content.decode()
    assert "中小企業景況調査 2024年4〜6月期" in register
    # A later date moves the entry with it; unpublishing withdraws it.
    form = _report_form(answered_round, published_on="2024-08-01")
    assert client.post(url, form).status_code == 302
    publication.refresh_from_db()
    assert publication.published_on == date(2024, 8, 1)
    answered_round.refresh_from_db()
    form = _report_form(answered_round)
    del form["published"]
    assert client.post(url, form).status_code == 302
    answered_round.refresh_from_db()
    assert answered_round.publication is None and not Publication.objects.exists()
    assert AuditEntry.objects.filter(action="surveys.round.unpublished").exists()
    # A stale report form is refused (409), the round unchanged.
    lost = _report_form(answered_round, lock_version=answered_round.lock_version - 1)
    assert client.post(url, lost).status_code == 409
    assert not SurveyRound.objects.get(pk=answered_round.pk).published


def test_a_follow_call_round_is_published_as_a_follow_call_result(surveys_a, staff_a):
    from bansou.surveys.services import create_round

    round_ = create_round(surveys_a["follow-call"], "2024Q3", conducted_on=date(2024, 9, 30))
    client = login(staff_a)
    url = reverse("surveys:round", args=[round_.pk])
    assert client.post(url, _report_form(round_, published_on="2024-10-25")).status_code == 302
    assert Publication.objects.get().kind == "followcall_result"


def test_response_links_in_bulk_page_csv_and_email(
    sme_round, staff_a, business_a, chamber_a, district_a, django_assert_max_num_queries
):
    others = [
        make_business(chamber_a, district_a, name=f"パネル{i}株式会社", name_kana=f"パネル{i}")
        for i in range(5)
    ]
    others[0].email = "panel0@example.jp"
    others[0].save()
    business_a.email = "answered@example.jp"
    business_a.save()
    sme_round.survey.panel.set([business_a, *others])
    from bansou.surveys import di
    from bansou.surveys.services import save_response

    conditions = sme_round.survey.items.get(name="業況")
    save_response(sme_round, business_a, {conditions: di.PLUS})
    client = login(staff_a)
    url = reverse("surveys:links", args=[sme_round.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert page.count("/surveys/respond/") == 6
    token = page.split("/surveys/respond/")[1].split("/")[0]
    assert read_token(token)[0] == sme_round.pk
    printed = client.get(url, {"print": "1"}).content.decode()
    assert printed.count("<svg") == 5  # the five who have not answered, a QR code each
    csv = client.get(reverse("surveys:links_csv", args=[sme_round.pk]))
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert csv.status_code == 200 and body.count("/surveys/respond/") == 6
    assert "panel0@example.jp" in body
    # E-mail goes to those with an address who have not answered yet.
    assert client.post(url).status_code == 302
    assert [m.to for m in mail.outbox] == [["panel0@example.jp"]]
    assert "/surveys/respond/" in mail.outbox[0].body
    assert "中小企業景況調査" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(action="surveys.round.links_sent").count() == 1


def test_publishing_into_a_closed_year_is_refused(surveys_a, staff_a, lead_advisor_a):
    """Once the committee has published a year, the register takes no new entry in it: the
    round stays unpublished and the form says why."""
    from datetime import UTC, datetime

    from bansou.committee.models import CommitteeMeeting
    from bansou.evaluation import services as plan_services
    from bansou.evaluation.demo import PLAN_FILE
    from bansou.surveys.services import create_round

    plan = plan_services.import_definition(
        surveys_a["sme"].organization, PLAN_FILE.read_text(encoding="utf-8"), actor=lead_advisor_a
    )
    CommitteeMeeting.objects.create(
        organization=plan.organization, plan=plan, fiscal_year=2023,
        held_at=datetime(2024, 7, 16, 1, 0, tzinfo=UTC), venue="川口商工会議所",
        status="closed", closed_by=lead_advisor_a,
    )  # fmt: skip
    round_ = create_round(surveys_a["sme"], "2023Q4", conducted_on=date(2023, 12, 20))
    page = login(staff_a).post(
        reverse("surveys:round", args=[round_.pk]), _report_form(round_, published_on="2024-01-25")
    )
    assert page.status_code == 200 and "締められています" in page.content.decode()
    round_.refresh_from_db()
    assert not round_.published and not Publication.objects.exists()
