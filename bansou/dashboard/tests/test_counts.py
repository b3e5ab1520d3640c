"""The dashboard's counts, kept on every write, equal a full recount and the engine's figures."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import CommandError, call_command

from bansou.accounts.models import Role
from bansou.committee.tests.plans import FY, PlanBuilder
from bansou.dashboard import counts, figures
from bansou.dashboard.figures import from_counts
from bansou.dashboard.models import CountedSeries, DayCount, FirstDay
from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file
from bansou.evaluation.models import ItemSource
from bansou.motivation import services as motivation
from bansou.organizations import merge
from bansou.support.models import SupportRecord
from bansou.testing import csv_bytes, make_business, make_user

from .conftest import TOKYO, make_record

pytestmark = pytest.mark.django_db

YEAR_END = date(2025, 3, 31)
AS_OF = (YEAR_END, date(2024, 10, 31), date(2024, 11, 15))
VISIT = {"channel": "visit"}
RULES = {
    "contacts": {"count": "records", "of": "support_record"},
    "visited": {"count": "distinct_businesses", "of": "support_record", "where": VISIT},
    "sales": {"count": "records", "of": "support_record", "where": {"theme": "sales_channels"}},
    "checked": {"count": "distinct_businesses", "of": "motivation_check"},
    "inside": {"count": "records", "of": "support_record", "where": {"in_territory": True}},
    "members": {"count": "records", "of": "support_record", "where": {"is_member": True}},
}  # fmt: skip


@pytest.fixture
def plan(chamber_a, lead_advisor_a):
    builder = PlanBuilder(chamber_a, lead_advisor_a)
    section = builder.section(1, "経営状況の分析に関すること")
    for title, rule in RULES.items():
        item = builder.row(section, title, target=4, source=ItemSource.RULE, rule=rule)
        item.key = title
        item.save()
    return builder.plan


def check(plan):
    """The kept counts are a full recount's, and the page's figures the engine's."""
    assert counts.drift(plan.organization_id) == []
    for as_of in AS_OF:
        assert from_counts(plan, FY, as_of) == figures.compute(plan, FY, as_of), as_of


def moved(record, day: date, **fields):
    record.occurred_at = datetime.combine(day, time(14), tzinfo=TOKYO)
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()


def test_a_mixed_sequence_of_writes_keeps_the_counts_equal_to_a_recount(
    plan, chamber_a, chamber_b, district_a, advisor_a, lead_advisor_a, admin_a, tmp_path
):
    colleague = make_user(chamber_a, Role.ADVISOR, "colleague-counts")
    aoba = make_business(chamber_a, district_a, name="青葉商店", name_kana="アオバ")
    kaede = make_business(chamber_a, district_a, name="楓食堂", name_kana="カエデ")
    first = make_record(aoba, advisor_a, date(2024, 5, 10))
    make_record(kaede, advisor_a, date(2024, 11, 20), channel="phone")
    from_counts(plan, FY, YEAR_END)  # the year is built on first read
    assert (
        CountedSeries.objects.filter(organization=chamber_a, fiscal_year=FY).count() == 6 + 6
    )  # 6 rules, 6 kinds
    check(plan)

    # Created, edited (another month, advisor and channel), deleted: each through the ORM.
    second = make_record(aoba, advisor_a, date(2024, 6, 3))
    check(plan)
    moved(first, date(2024, 12, 24), staff=colleague, channel="phone")
    check(plan)
    moved(second, date(2024, 11, 15))  # the page's own day, the middle of a month
    check(plan)
    second.delete()
    check(plan)
    # A record moved to another fiscal year leaves this one.
    moved(first, date(2025, 4, 2))
    check(plan)

    # A motivation check through its service (distinct businesses), then moved back a month.
    version = motivation.current_version(chamber_a)
    made = motivation.record_check(
        business=kaede,
        staff=advisor_a,
        version=version,
        checked_on=date(2024, 9, 9),
        points_by_item={item.pk: 2 for item in version.items.all()},
        actor=advisor_a,
    )
    check(plan)
    made.checked_on = date(2024, 8, 9)
    made.save()
    check(plan)

    # An import of support records (the bulk path: no signal), themes included.
    path = tmp_path / "records.csv"
    header = ["日付", "時刻", "法人番号", "事業者名", "支援方法", "テーマ", "担当者", "業況"]
    rows = [
        ["2024/7/1", "", "", "青葉商店", "巡回訪問", "販路開拓", advisor_a.username, ""],
        ["2024/7/1", "", "", "楓食堂", "窓口", "販路開拓、資金繰り", advisor_a.username, ""],
        ["2025/1/9", "", "", "楓食堂", "巡回訪問", "", colleague.username, ""],
    ]
    path.write_bytes(csv_bytes([header, *rows]))
    result, _job = import_file(
        get_import_kind("support_records"), path, organization=chamber_a, actor=advisor_a
    )
    assert result.error_count == 0 and result.committed, list(result.problems.first)
    assert SupportRecord.objects.filter(organization=chamber_a, occurred_on="2024-07-01").exists()
    check(plan)

    # The business joins the chamber: its records now count in the members' row.
    kaede.is_member = not kaede.is_member
    kaede.save()
    check(plan)

    # A merger: the other chamber's records move in by UPDATE; those before the merger's day
    # stay out of the evaluation (and of the counts).
    hato = make_business(chamber_b, None, name="鳩屋", name_kana="ハトヤ")
    advisor_b = make_user(chamber_b, Role.ADVISOR, "advisor-b-counts")
    make_record(hato, advisor_b, date(2024, 6, 1))
    make_record(hato, advisor_b, date(2024, 12, 1))
    merge.merge_organizations(chamber_b, chamber_a, merged_on=date(2024, 10, 1), actor=admin_a)
    check(plan)
    assert not DayCount.objects.filter(organization=chamber_b).exists()


def test_the_recount_command_rebuilds_and_reports_drift(plan, chamber_a, district_a, advisor_a):
    aoba = make_business(chamber_a, district_a, name="青葉商店", name_kana="アオバ")
    make_record(aoba, advisor_a, date(2024, 5, 10))
    call_command("dashboard_recount", "--org", chamber_a.slug)  # builds the plan's years
    assert FirstDay.objects.filter(organization=chamber_a, series__gt="").exists()
    call_command("dashboard_recount", "--org", chamber_a.slug, "--check")
    DayCount.objects.filter(organization=chamber_a).update(value=7)  # raw drift
    with pytest.raises(CommandError, match="differ"):
        call_command("dashboard_recount", "--org", chamber_a.slug, "--check")
    call_command("dashboard_recount", "--org", chamber_a.slug)
    assert counts.drift(chamber_a.pk) == []
    check(plan)


def test_a_rolled_back_write_leaves_the_counts(plan, chamber_a, district_a, advisor_a):
    from django.db import transaction

    aoba = make_business(chamber_a, district_a, name="青葉商店", name_kana="アオバ")
    make_record(aoba, advisor_a, date(2024, 5, 10))
    before = from_counts(plan, FY, YEAR_END)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_record(aoba, advisor_a, date(2024, 5, 11))
        raise RuntimeError
    assert from_counts(plan, FY, YEAR_END) == before
    check(plan)


def test_the_page_reads_a_constant_number_of_queries(
    plan, chamber_a, district_a, advisor_a, lead_advisor_a, django_assert_max_num_queries
):
    from django.urls import reverse

    from bansou.testing import login

    client = login(lead_advisor_a)
    url = reverse("dashboard:index") + "?fy=2024&month=3"
    aoba = make_business(chamber_a, district_a, name="青葉商店", name_kana="アオバ")
    make_record(aoba, advisor_a, date(2024, 5, 10))
    client.get(url)  # builds the year's counts
    with django_assert_max_num_queries(25) as small:
        assert client.get(url).status_code == 200
    colleague = make_user(chamber_a, Role.ADVISOR, "colleague-queries")
    for n in range(40):
        business = make_business(chamber_a, district_a, name=f"商店{n}", name_kana="ショウテン")
        staff = colleague if n % 2 else advisor_a
        make_record(business, staff, date(2024, 4, 1) + timedelta(days=9 * n))
    with django_assert_max_num_queries(len(small)):
        page = client.get(url)
    assert (
        page.context["payload"]["pipeline"]["months"]["contacts"][0] == 4
    )  # April: 1, 10, 19 and 28
