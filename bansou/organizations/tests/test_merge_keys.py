"""Merging two organizations that both have rows with the same natural key (a programme's
code, a partner's or vendor's name, a guide page's theme, a survey's code, an event's name
and day), and duplicate businesses with rows of their own: each key follows its declared rule
(merge_keys.KEY_RULES) in one transaction, or the merge is refused in Japanese, unwritten."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bansou.accounts.models import Role
from bansou.businesses.models import Business, SavedFilter
from bansou.core.errors import DomainError
from bansou.dxmatch.models import Vendor
from bansou.events.models import Event, EventKind
from bansou.jobs.models import Job
from bansou.meetings.models import GuidePage, GuideVersion, Meeting, MeetingKind
from bansou.organizations import merge, merge_keys
from bansou.organizations.models import MergedRow, Organization, OrganizationMerge
from bansou.partners.models import DispatchProgramme, Partner, PartnerContact
from bansou.partners.tests.factories import make_partner, programmes
from bansou.programmes.models import MonthlySales, Participation, Programme
from bansou.programmes.tests.factories import participate
from bansou.programmes.tests.factories import programme as make_programme
from bansou.reminders.models import ReminderSetting
from bansou.surveys.definitions import create_surveys
from bansou.surveys.models import Survey, SurveyRound
from bansou.surveys.services import create_round
from bansou.testing import make_business, make_user

pytestmark = pytest.mark.django_db
MERGED_ON = date(2025, 4, 1)
NUMBER = "7000012050002"


@pytest.fixture
def hatogaya(db) -> Organization:
    return Organization.objects.create(
        name="鳩ヶ谷商工会", slug="hatogaya", kind=Organization.Kind.SOCIETY_OF_COMMERCE
    )


def _guide(organization, user, texts) -> GuidePage:
    page = GuidePage.objects.create(organization=organization, theme="dx")
    for number, text in enumerate(texts, start=1):
        version = GuideVersion.objects.create(
            organization=organization, page=page, number=number, title="DXの手引き",
            body=text, saved_by=user, saved_at=datetime(2024, 5, number, tzinfo=UTC),
        )  # fmt: skip
    page.current = version
    page.save()
    return page


def _rows(organization, user, business, *, sales: int):
    """One row of every app whose keys collide between the two organizations."""
    programme = make_programme(organization)
    participate(programme, business, user, date(2024, 6, 1))
    programmes(organization)  # dispatch programmes: the same codes in every organization
    partner = make_partner(organization, name="埼玉りそな銀行")
    PartnerContact.objects.create(organization=organization, partner=partner, name="担当 太郎")
    Vendor.objects.create(organization=organization, name="株式会社川口システム")
    surveys = create_surveys(organization)
    create_round(surveys["sme"], "2024Q2", conducted_on=date(2024, 6, 20), actor=user)
    Event.objects.create(
        organization=organization, name="川口i-mono展示会", kind=EventKind.EXHIBITION,
        held_on=date(2024, 11, 5),
    )  # fmt: skip
    _guide(organization, user, [f"{organization.name}の手引き"])
    Meeting.objects.create(
        organization=organization, kind=MeetingKind.COORDINATOR, title="コーディネーター会議",
        held_on=date(2024, 6, 10), created_by=user,
    )  # fmt: skip
    SavedFilter.objects.create(
        organization=organization, user=user, name="製造業", query_string="q="
    )
    ReminderSetting.objects.create(organization=organization, user=user)
    Job.objects.create(organization=organization, user=user, kind="export", title="書き出し")
    MonthlySales.objects.create(
        organization=organization, business=business, month=date(2024, 5, 1),
        amount=Decimal(sales), source="staff",
    )  # fmt: skip


@pytest.fixture
def both(chamber_a, district_a, advisor_a, hatogaya):
    """Both organizations with the same keys; one business (same 法人番号) in both."""
    kawaguchi = make_business(chamber_a, district_a, name="青葉鋳工所", corporate_number=NUMBER)
    advisor_h = make_user(hatogaya, Role.ADVISOR, "hatogaya-advisor")
    aoba_h = make_business(hatogaya, name="青葉鋳工所（鳩ヶ谷）", corporate_number=NUMBER)
    _rows(chamber_a, advisor_a, kawaguchi, sales=1_000_000)
    _rows(hatogaya, advisor_h, aoba_h, sales=1_000_000)
    return kawaguchi, aoba_h


def test_every_key_unique_in_an_organization_has_a_rule():
    keys = merge_keys.organization_keys(merge._moved_models())
    unruled = set(keys) - set(merge_keys.RULES) - merge_keys.HANDLED
    assert not unruled, f"declare a rule in merge_keys.KEY_RULES for {unruled}"
    for label, rule in merge_keys.RULES.items():
        assert keys[label] == rule.key and rule.why


def test_the_dry_run_names_what_folds_and_what_is_renamed(both, chamber_a, hatogaya):
    report = merge.plan_merge(hatogaya, chamber_a, merged_on=MERGED_ON)
    actions = {(c.label, c.action) for c in report.key_collisions}
    assert ("programmes.programme", "fold") in actions
    assert ("partners.partner", "fold") in actions
    assert ("partners.dispatchprogramme", "fold") in actions
    assert ("dxmatch.vendor", "fold") in actions
    assert ("meetings.guidepage", "fold") in actions
    assert ("surveys.survey", "rename") in actions
    assert ("events.event", "rename") in actions
    assert report.dropped == {"programmes.monthlysales": [
        MonthlySales.objects.get(organization=hatogaya).pk
    ]}  # fmt: skip
    text = "\n".join(report.lines())
    assert "埼玉りそな銀行" in text and "川口i-mono展示会・令和6年11月5日" in text
    assert Programme.objects.filter(organization=hatogaya).count() == 1  # nothing written


def test_the_merge_folds_renames_and_moves_everything(both, chamber_a, hatogaya, admin_a):
    kawaguchi, aoba_h = both
    source_programme = Programme.objects.get(organization=hatogaya)
    Survey.objects.get(organization=hatogaya, code="sme").panel.add(aoba_h)
    merge.merge_organizations(hatogaya, chamber_a, merged_on=MERGED_ON, actor=admin_a)

    # Folded: one row of each key, the source's children under it.
    programme = Programme.objects.get(organization=chamber_a)
    assert Participation.objects.filter(programme=programme).count() == 2
    assert not Programme.objects.filter(pk=source_programme.pk).exists()
    partner = Partner.objects.get(organization=chamber_a)
    assert PartnerContact.objects.filter(partner=partner).count() == 2
    assert Vendor.objects.filter(organization=chamber_a).count() == 1
    codes = DispatchProgramme.objects.filter(organization=chamber_a).values_list("code", flat=True)
    assert len(codes) == len(set(codes))
    page = GuidePage.objects.get(organization=chamber_a)
    assert list(page.versions.order_by("number").values_list("number", "body")) == [
        (1, f"{chamber_a.name}の手引き"),
        (2, "鳩ヶ谷商工会の手引き"),
    ]
    assert page.current.body.startswith(chamber_a.name)
    assert MergedRow.objects.filter(model="programmes.programme:folded").count() == 1

    # Renamed: the source's surveys keep their answers under their own codes.
    surveys = Survey.objects.filter(organization=chamber_a)
    assert surveys.filter(code="sme").count() == 1
    renamed = surveys.get(code="sme-hatogaya")
    assert SurveyRound.objects.get(survey=renamed).survey_code == "sme-hatogaya"
    assert list(renamed.panel.all()) == [kawaguchi]  # the duplicate's panel seat follows it
    events = Event.objects.filter(organization=chamber_a).order_by("name")
    assert list(events.values_list("name", flat=True)) == [
        "川口i-mono展示会", "川口i-mono展示会（旧鳩ヶ谷商工会）",
    ]  # fmt: skip

    # Moved as they are: meetings, saved filters, reminder settings, jobs.
    assert Meeting.objects.filter(organization=chamber_a).count() == 2
    assert SavedFilter.objects.filter(organization=chamber_a).count() == 2
    assert ReminderSetting.objects.filter(organization=chamber_a).count() == 2
    assert Job.objects.filter(organization=chamber_a).count() == 2
    # The duplicate's sales of the same month and figure were dropped; the survivor's stay.
    assert list(MonthlySales.objects.values_list("business", flat=True)) == [kawaguchi.pk]
    for model in (Programme, Partner, Vendor, Survey, Event, GuidePage, Meeting, Job):
        assert not model.objects.filter(organization=hatogaya).exists(), model


def test_a_duplicates_different_figures_refuse_the_merge_unwritten(
    both, chamber_a, hatogaya, admin_a
):
    _kawaguchi, aoba_h = both
    MonthlySales.objects.filter(business=aoba_h).update(amount=Decimal(900_000))
    with pytest.raises(DomainError) as refused:
        merge.merge_organizations(hatogaya, chamber_a, merged_on=MERGED_ON, actor=admin_a)
    assert "青葉鋳工所" in refused.value.message and "令和6年5月1日" in refused.value.message
    assert not OrganizationMerge.objects.exists()
    assert Business.objects.filter(organization=hatogaya).count() == 1
    assert Programme.objects.filter(organization=hatogaya).count() == 1


def test_a_fold_whose_children_collide_is_refused_unwritten(both, chamber_a, hatogaya, admin_a):
    """Two vendors of one name, each with a login for the same person cannot happen (a user is
    one vendor's), so collide a programme's events instead: the same event in both."""
    programme_a = Programme.objects.get(organization=chamber_a)
    programme_h = Programme.objects.get(organization=hatogaya)
    event = Event.objects.get(organization=chamber_a)
    programme_a.events.add(event)
    programme_h.events.add(event)  # a row of the through table under each programme
    with pytest.raises(DomainError) as refused:
        merge.merge_organizations(hatogaya, chamber_a, merged_on=MERGED_ON, actor=admin_a)
    assert "イベント" in refused.value.message and "合併の前に" in refused.value.message
    assert not OrganizationMerge.objects.exists()
    assert Programme.objects.filter(organization=hatogaya).count() == 1
