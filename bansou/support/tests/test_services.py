"""Services: derived dates and facts, validation, audit entries, next actions."""

from datetime import date, datetime, timedelta

import pytest
import time_machine

from bansou.audit.models import AuditEntry
from bansou.core.errors import DomainError
from bansou.support import services
from bansou.support.models import SupportRecord, SupportRecordTheme
from bansou.support.tests.factories import make_record, tokyo

pytestmark = pytest.mark.django_db


def test_record_support_derives_local_date_fiscal_year_and_business_facts(
    business_a, advisor_a, district_a
):
    # 2024-03-31 23:30 in Tokyo is 14:30 UTC: the local day (and FY2023) must be kept.
    record = make_record(
        business_a, advisor_a, when=tokyo(2024, 3, 31, 23, 30), themes=["cash_flow", "subsidy"]
    )
    record.refresh_from_db()
    assert record.occurred_on == date(2024, 3, 31)
    assert record.fiscal_year == 2023
    assert record.organization == business_a.organization
    assert record.district == district_a
    assert record.in_territory is True
    assert record.is_small is True
    themes = set(record.themes.values_list("theme", flat=True))
    assert themes == {"cash_flow", "subsidy"}
    assert set(SupportRecordTheme.objects.values_list("organization", flat=True)) == {
        business_a.organization_id
    }


def test_record_keeps_the_facts_of_its_time(business_a, advisor_a, district_outside_a):
    record = make_record(business_a, advisor_a)
    business_a.district = district_outside_a
    business_a.employees = 300
    business_a.save()
    record.refresh_from_db()
    assert record.in_territory is True
    assert record.is_small is True
    later = make_record(business_a, advisor_a)
    assert later.in_territory is False
    assert later.is_small is False


def test_search_text_is_normalised(business_a, advisor_a):
    record = make_record(business_a, advisor_a, support="ＤＸ推進とｼｽﾃﾑ導入", next_action="ＩＴ")
    assert "dx推進とシステム導入" in record.search_text
    assert "it" in record.search_text.split("\n")


def test_creation_is_audited_with_themes_and_local_time(business_a, advisor_a):
    record = make_record(business_a, advisor_a, when=tokyo(2024, 6, 3, 9, 5))
    entry = AuditEntry.objects.for_object(record).get()
    assert entry.action == "support.record.created"
    assert entry.actor == advisor_a
    assert entry.changes["occurred_at"]["new"] == "令和6年6月3日 09:05"
    assert entry.changes["themes"]["new"] == "資金繰り"
    assert entry.changes["channel"]["new"] == "巡回訪問"


def test_update_is_audited_and_records_theme_changes(business_a, advisor_a, admin_a):
    record = make_record(business_a, advisor_a, themes=["cash_flow"])
    record.support = "補助金の申請を支援した。"
    services.update_support_record(record, themes=["subsidy"], actor=admin_a)
    entry = AuditEntry.objects.for_object(record).get(action="support.record.updated")
    assert entry.actor == admin_a
    assert entry.changes["support"]["new"] == "補助金の申請を支援した。"
    assert entry.changes["themes"] == {"label": "テーマ", "old": "資金繰り", "new": "補助金"}
    assert list(record.themes.values_list("theme", flat=True)) == ["subsidy"]
    record.refresh_from_db()
    assert "補助金の申請" in record.search_text


def test_update_without_change_writes_no_entry(business_a, advisor_a):
    record = make_record(business_a, advisor_a, themes=["dx"])
    services.update_support_record(record, themes=["dx"], actor=advisor_a)
    assert AuditEntry.objects.filter(action="support.record.updated").count() == 0


def test_record_cannot_move_to_another_business(business_a, advisor_a, chamber_a):
    from bansou.testing import make_business

    other = make_business(chamber_a, name="別の商店", name_kana="ベツノショウテン")
    record = make_record(business_a, advisor_a)
    record.business = other
    with pytest.raises(DomainError):
        services.update_support_record(record, themes=["dx"], actor=advisor_a)


def test_delete_is_audited(business_a, advisor_a):
    record = make_record(business_a, advisor_a)
    pk = record.pk
    services.delete_support_record(record, actor=advisor_a)
    assert not SupportRecord.objects.filter(pk=pk).exists()
    assert not SupportRecordTheme.objects.exists()
    entry = AuditEntry.objects.get(action="support.record.deleted")
    assert entry.target_id == pk
    assert entry.changes["themes"]["old"] == "資金繰り"


@time_machine.travel(datetime(2024, 6, 10, 12, 0, tzinfo=tokyo(2024, 1, 1).tzinfo), tick=False)
def test_future_and_due_before_occurrence_are_refused(business_a, advisor_a):
    with pytest.raises(DomainError) as exc:
        make_record(business_a, advisor_a, when=tokyo(2024, 6, 11, 9, 0))
    assert exc.value.code == "future"
    # Later today is fine: the rule is about the day.
    make_record(business_a, advisor_a, when=tokyo(2024, 6, 10, 18, 0))
    with pytest.raises(DomainError) as exc:
        make_record(
            business_a,
            advisor_a,
            when=tokyo(2024, 6, 3),
            next_action="電話する",
            next_action_due=date(2024, 6, 2),
        )
    assert exc.value.code == "due"
    assert SupportRecord.objects.count() == 1


def test_unknown_channel_theme_and_other_chamber_are_refused(business_a, business_b, advisor_a):
    with pytest.raises(DomainError):
        make_record(business_a, advisor_a, channel="fax")
    with pytest.raises(DomainError):
        make_record(business_a, advisor_a, themes=["gardening"])
    with pytest.raises(DomainError):
        make_record(business_b, advisor_a)
    assert not SupportRecord.objects.exists()
    assert not AuditEntry.objects.changes().exists()


def test_unexpected_field_is_a_programming_error(business_a, advisor_a):
    with pytest.raises(TypeError):
        make_record(business_a, advisor_a, colour="blue")


def test_mark_next_action_done_and_reopen(business_a, advisor_a):
    due = date.today() + timedelta(days=3)
    record = make_record(
        business_a, advisor_a, when=tokyo(2024, 6, 3), next_action="決算書", next_action_due=due
    )
    services.mark_next_action_done(record, actor=advisor_a)
    record.refresh_from_db()
    assert record.next_action_done is True
    services.mark_next_action_done(record, actor=advisor_a)  # already done: no second entry
    services.mark_next_action_done(record, actor=advisor_a, done=False)
    record.refresh_from_db()
    assert record.next_action_done is False
    entries = AuditEntry.objects.for_object(record).filter(action="support.record.updated")
    assert [e.changes["next_action_done"]["new"] for e in entries.order_by("pk")] == [True, False]


def test_mark_done_without_next_action_is_refused(business_a, advisor_a):
    record = make_record(business_a, advisor_a)
    with pytest.raises(DomainError):
        services.mark_next_action_done(record, actor=advisor_a)
