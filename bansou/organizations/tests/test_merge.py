"""Merging 鳩ヶ谷商工会 into 川口商工会議所 on a small fixture pair: dry run, real run, refusals."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from bansou.accounts.models import Role, User
from bansou.analysis.models import BusinessAnalysis
from bansou.analysis.services import create_analysis
from bansou.audit.models import AuditEntry
from bansou.businesses.models import Business
from bansou.core.errors import DomainError
from bansou.dataio.models import ExternalKey
from bansou.evaluation import services as evaluation
from bansou.evaluation.engine import evaluate
from bansou.evaluation.models import DevelopmentPlan
from bansou.events.models import Event
from bansou.organizations import merge
from bansou.organizations.models import (
    Department,
    District,
    MergedRow,
    Organization,
    OrganizationMerge,
)
from bansou.support.models import SupportRecord
from bansou.support.tests.factories import make_record, tokyo
from bansou.testing import login, make_business, make_user

pytestmark = pytest.mark.django_db
MERGED_ON = date(2025, 4, 1)

PLAN = """
format: bansou-plan/1
plan: {code: merge, title: 合併の計画, starts_on: 2024-04-01, ends_on: 2026-03-31}
sections:
  - number: 1
    key: one
    title: 分析
    rows:
      - key: analyses
        title: 経営分析
        unit: 件
        targets: {2024: 10, 2025: 10}
        rule: {count: records, of: analysis}
      - key: analyses-inside
        title: 管轄内の経営分析
        unit: 件
        targets: {2024: 10, 2025: 10}
        rule: {count: records, of: analysis, where: {in_territory: true}}
      - key: visits
        title: 巡回訪問
        unit: 件
        targets: {2024: 10, 2025: 10}
        rule: {count: distinct_businesses, of: support_record}
"""


def analyse(business, staff, day):
    return create_analysis(
        BusinessAnalysis(business=business, staff=staff, analysed_on=day), actor=staff
    )


@pytest.fixture
def hatogaya(db) -> Organization:
    return Organization.objects.create(
        name="鳩ヶ谷商工会", slug="hatogaya", kind=Organization.Kind.SOCIETY_OF_COMMERCE
    )


@pytest.fixture
def pair(chamber_a, admin_a, advisor_a, district_a, hatogaya, chamber_b, district_b, advisor_b):
    """川口 (chamber A, with its own 鳩ヶ谷 district outside) and 鳩ヶ谷商工会 with records."""
    kawaguchi_hatogaya = District.objects.create(
        organization=chamber_a, name="鳩ヶ谷", in_territory=True, in_territory_from=MERGED_ON
    )
    plan = evaluation.import_definition(chamber_a, PLAN, actor=admin_a)
    own = make_business(chamber_a, district_a, name="川口鋳物", corporate_number="7000012050002")
    same_number = make_business(
        chamber_a, district_a, name="株式会社ハト", corporate_number="3000012050004"
    )
    same_name = make_business(
        chamber_a, district_a, name="まめ工房", phone="048-281-0001", address=""
    )
    for day in (date(2024, 6, 1), MERGED_ON):
        analyse(own, advisor_a, day)
    make_record(own, advisor_a, when=tokyo(2024, 7, 1, 10, 0))

    source_district = District.objects.create(organization=hatogaya, name="鳩ヶ谷")
    village = District.objects.create(organization=hatogaya, name="里")
    h_advisor = make_user(hatogaya, Role.ADVISOR, "hatogaya-advisor")
    dup = make_business(
        hatogaya, source_district, name="株式会社鳩", corporate_number="3000012050004"
    )
    dup.address = "鳩ヶ谷本町1-1"
    dup.save()
    candidate = make_business(hatogaya, village, name="まめ工房", phone="048(281)0001")
    alone = make_business(hatogaya, village, name="里の店")
    for business in (dup, candidate, alone):
        analyse(business, h_advisor, date(2024, 10, 1))  # FY2024: the source's own year
        analyse(business, h_advisor, date(2025, 5, 1))  # FY2025: after the merger
    make_record(dup, h_advisor, when=tokyo(2024, 11, 1, 10, 0))
    # The source's own plan, a department used by an event, external ids (one taken in 川口).
    source_plan = evaluation.import_definition(hatogaya, PLAN.replace("merge", "hatogaya"))
    section = Department.objects.create(organization=hatogaya, name="経営支援課")
    event = Event.objects.create(organization=hatogaya, name="鳩ヶ谷展示会", kind="exhibition",
                                 held_on=date(2024, 11, 5), department=section)  # fmt: skip
    ExternalKey.objects.create(organization=chamber_a, target="businesses.business", key="K1",
                               object_id=own.pk)  # fmt: skip
    for key, business in (("K1", alone), ("K2", alone)):
        ExternalKey.objects.create(organization=hatogaya, target="businesses.business", key=key,
                                   object_id=business.pk)  # fmt: skip
    other = make_business(chamber_b, district_b, name="さくら商店")
    analyse(other, advisor_b, date(2024, 10, 1))
    return {
        "plan": plan,
        "same_number": same_number,
        "same_name": same_name,
        "dup": dup,
        "candidate": candidate,
        "alone": alone,
        "kawaguchi_hatogaya": kawaguchi_hatogaya,
        "village": village,
        "source_plan": source_plan,
        "event": event,
    }


def actuals(plan, fiscal_year) -> dict[str, Decimal]:
    result = evaluate(plan, fiscal_year)
    return {row.key: row.actual for section in result.sections for row in section.rows}


def answer(candidates, merge_them: bool) -> bytes:
    content = merge.review_file(candidates).decode("utf-8-sig")
    lines = content.splitlines()
    lines[1:] = [line + ("はい" if merge_them else "いいえ") for line in lines[1:]]
    return "\r\n".join(lines).encode("cp932")  # as Excel saves it


def test_dry_run_reports_and_writes_nothing(pair, chamber_a, hatogaya):
    before = AuditEntry.objects.count()
    report = merge.plan_merge(hatogaya, chamber_a, merged_on=MERGED_ON)
    assert [(m.source_id, m.target_id) for m in report.by_corporate_number] == [
        (pair["dup"].pk, pair["same_number"].pk)
    ]
    assert [(m.source_id, m.target_id, m.reason) for m in report.candidates] == [
        (pair["candidate"].pk, pair["same_name"].pk, "名称＋電話番号")
    ]
    assert report.moved["businesses.business"] == 2
    assert report.moved["analysis.businessanalysis"] == 6
    assert report.records_before_merge == 4  # three FY2024 analyses and one support record
    assert report.districts_folded == ["鳩ヶ谷"] and report.districts_moved == ["里"]
    assert report.users == {"hatogaya-advisor": "move"}
    assert Business.objects.filter(organization=hatogaya).count() == 3
    assert AuditEntry.objects.count() == before
    assert not OrganizationMerge.objects.exists()
    assert any("里" in line for line in report.lines())


def test_real_run_without_answered_candidates_is_refused(pair, chamber_a, hatogaya, admin_a):
    with pytest.raises(DomainError, match="review"):
        merge.merge_organizations(hatogaya, chamber_a, merged_on=MERGED_ON, actor=admin_a)
    assert Business.objects.filter(organization=hatogaya).count() == 3
    assert not OrganizationMerge.objects.exists()


def test_merge_moves_rows_keeps_history_and_earlier_years(
    pair, chamber_a, hatogaya, chamber_b, admin_a
):
    plan = pair["plan"]
    fy2024 = actuals(plan, 2024)
    other_before = list(BusinessAnalysis.objects.filter(organization=chamber_b).values())
    report = merge.plan_merge(hatogaya, chamber_a, merged_on=MERGED_ON)
    review = answer(report.candidates, merge_them=True)

    done = merge.merge_organizations(
        hatogaya, chamber_a, merged_on=MERGED_ON, actor=admin_a, review=review
    )

    # The year before the merger is as it was; the year after counts the merged records.
    assert actuals(plan, 2024) == fy2024
    fy2025 = actuals(plan, 2025)
    assert fy2025["analyses"] == 1 + 3
    assert fy2025["analyses-inside"] == 1 + 3
    # Two duplicates merged into the survivors, one business moved; none left behind.
    assert not Business.objects.filter(organization=hatogaya).exists()
    assert not Business.objects.filter(pk__in=[pair["dup"].pk, pair["candidate"].pk]).exists()
    survivor = pair["same_number"]
    survivor.refresh_from_db()
    assert survivor.address == "鳩ヶ谷本町1-1"  # blank on the survivor, filled
    assert survivor.name == "株式会社ハト"  # the survivor's own value kept
    assert BusinessAnalysis.objects.filter(business=survivor).count() == 2
    assert SupportRecord.objects.filter(business=survivor, organization=chamber_a).count() == 1
    entry = AuditEntry.objects.get(action="businesses.business.merged", target_id=survivor.pk)
    assert entry.changes["merged_business"]["old"]["id"] == pair["dup"].pk
    assert entry.changes["merged_business"]["old"]["name"] == "株式会社鳩"
    # Records keep their original organization (MergedRow) and the flag of their own date.
    moved = BusinessAnalysis.objects.filter(pk__in=MergedRow.objects.filter(
        merge=done, model="analysis.businessanalysis").values("row_id"))  # fmt: skip
    assert moved.count() == 6
    assert set(moved.values_list("organization", flat=True)) == {chamber_a.pk}
    flags = set(moved.values_list("fiscal_year", "in_territory"))
    assert flags == {(2024, False), (2025, True)}
    # 里 became a district of 川口, inside from the merge day; 鳩ヶ谷 folded into 川口's own.
    village = pair["village"]
    village.refresh_from_db()
    assert (village.organization, village.in_territory_from) == (chamber_a, MERGED_ON)
    assert not District.objects.filter(organization=hatogaya).exists()
    assert pair["alone"].__class__.objects.get(pk=pair["alone"].pk).district == village
    # Users moved with their role; the other chamber untouched; the merge logged.
    advisor = User.objects.get(username="hatogaya-advisor")
    assert (advisor.organization, advisor.role, advisor.is_active) == (
        chamber_a,
        Role.ADVISOR,
        True,
    )
    assert list(BusinessAnalysis.objects.filter(organization=chamber_b).values()) == other_before
    logged = AuditEntry.objects.get(
        action="organizations.organization.merged", organization=chamber_a
    )
    assert logged.changes["merge"]["new"]["duplicates_confirmed"] == 1
    # The event takes 川口's 経営支援課; the source's plan and its history stay with it.
    event = Event.objects.get(pk=pair["event"].pk)
    assert event.organization == chamber_a
    assert event.department == Department.objects.get(organization=chamber_a, name="経営支援課")
    assert DevelopmentPlan.objects.get(pk=pair["source_plan"].pk).organization == hatogaya
    assert AuditEntry.objects.filter(
        organization=hatogaya, target_type="evaluation.developmentplan"
    ).exists()
    # An external id 川口 already uses stays with the source; the other moves.
    keys = set(ExternalKey.objects.values_list("key", "organization"))
    assert keys == {("K1", chamber_a.pk), ("K1", hatogaya.pk), ("K2", chamber_a.pk)}
    with pytest.raises(DomainError, match="すでに統合済み"):
        merge.plan_merge(hatogaya, chamber_a, merged_on=MERGED_ON)


def test_declined_candidates_stay_separate_and_users_can_be_retired(
    pair, chamber_a, hatogaya, admin_a
):
    report = merge.plan_merge(hatogaya, chamber_a, merged_on=MERGED_ON)
    merge.merge_organizations(
        hatogaya,
        chamber_a,
        merged_on=MERGED_ON,
        actor=admin_a,
        review=answer(report.candidates, merge_them=False),
        users=merge.USERS_RETIRE,
    )
    assert Business.objects.get(pk=pair["candidate"].pk).organization == chamber_a
    advisor = User.objects.get(username="hatogaya-advisor")
    assert (advisor.organization, advisor.is_active) == (chamber_a, False)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("a", "a", "同じ組織"),
        ("hatogaya", "nowhere", "nowhere"),
        ("nowhere", "a", "nowhere"),
    ],
)
def test_bad_pairs_are_refused_in_japanese(pair, source, target, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "merge_organization", "--from", source, "--into", target, "--merged-on", "R7.4.1"
        )
    assert not OrganizationMerge.objects.exists()


def test_a_review_file_naming_another_pair_is_refused(pair, chamber_a, hatogaya, admin_a):
    report = merge.plan_merge(hatogaya, chamber_a, merged_on=MERGED_ON)
    text = answer(report.candidates, merge_them=True).decode("cp932")
    text = text.replace(str(pair["same_name"].pk), str(pair["same_number"].pk), 1)
    with pytest.raises(DomainError, match="2行目"):
        merge.merge_organizations(
            hatogaya, chamber_a, merged_on=MERGED_ON, actor=admin_a, review=text.encode()
        )
    assert Business.objects.filter(organization=hatogaya).count() == 3


def test_command_dry_run_then_real_run(pair, chamber_a, hatogaya, admin_a, tmp_path, capsys):
    review = tmp_path / "review.csv"
    call_command(
        "merge_organization",
        "--from=hatogaya",
        "--into=a",
        "--merged-on=2025-04-01",
        "--dry-run",
        f"--write-review={review}",
    )
    out = capsys.readouterr().out
    assert "何も書き込んでいません" in out
    assert Business.objects.filter(organization=hatogaya).count() == 3
    review.write_bytes(answer(merge.plan_merge(hatogaya, chamber_a, merged_on=MERGED_ON)
                              .candidates, merge_them=True))  # fmt: skip
    call_command(
        "merge_organization",
        "--from=hatogaya",
        "--into=a",
        "--merged-on=2025-04-01",
        f"--review={review}",
        "--user=admin-a",
    )
    assert OrganizationMerge.objects.get().performed_by == admin_a
    assert not Business.objects.filter(organization=hatogaya).exists()


def test_merge_page_shows_the_dry_run_then_merges(pair, chamber_a, hatogaya, admin_a):
    operator = User.objects.create_superuser("operator", password="x")
    client = login(operator)
    url = reverse("organizations:merge")
    fields = {"source": hatogaya.pk, "target": chamber_a.pk, "merged_on": "令和7年4月1日",
              "users": "move"}  # fmt: skip
    preview = client.post(url, {**fields, "action": "preview"})
    page = preview.content.decode()
    assert preview.status_code == 200 and "まめ工房" in page and "名称＋電話番号" in page
    assert Business.objects.filter(organization=hatogaya).count() == 3
    pair_value = f"{pair['candidate'].pk}:{pair['same_name'].pk}"
    done = client.post(url, {**fields, "action": "merge", "merge_pair": pair_value})
    assert done.status_code == 302
    assert not Business.objects.filter(pk=pair["candidate"].pk).exists()
    assert OrganizationMerge.objects.get().performed_by == operator
    # Once merged, the organization is no longer offered, and a chamber admin is refused.
    again = client.post(url, {**fields, "action": "preview"})
    assert "source" in again.context["form"].errors
    assert login(admin_a).get(url).status_code == 403


def test_merging_into_itself_on_the_page_writes_nothing(pair, chamber_a):
    client = login(User.objects.create_superuser("operator", password="x"))
    response = client.post(
        reverse("organizations:merge"),
        {"source": chamber_a.pk, "target": chamber_a.pk, "merged_on": "2025-04-01",
         "users": "move", "action": "merge"},
    )  # fmt: skip
    assert "同じ組織どうしは統合できません" in response.content.decode()
    assert not OrganizationMerge.objects.exists()
