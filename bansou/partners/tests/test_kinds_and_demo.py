"""The record kinds run through the unchanged evaluation engine; the demo roster of plan §11."""

from datetime import date

import pytest

from bansou.accounts.models import Role
from bansou.evaluation.engine.aggregates import rule_counts
from bansou.evaluation.engine.kinds import get_kind
from bansou.evaluation.engine.rules import NamedIds, RuleError, parse_rule
from bansou.partners import services
from bansou.partners.demo import load_partners_demo
from bansou.partners.models import DispatchCase, DispatchVisit, Expert, Partner, Referral
from bansou.testing import make_business, make_user

from .factories import make_case, make_partner

pytestmark = pytest.mark.django_db


def _count(rule_data, organization_id, fiscal_year=2024):
    rule = parse_rule(rule_data)
    names = NamedIds(organization_id)
    names.prepare([rule])
    return rule_counts(rule.kind, {"row": rule}, organization_id, fiscal_year, names)["row"].actual


def test_a_rule_counts_accepted_referrals_of_financial_institutions(
    business_a, coordinator_a, expert_profile
):
    org = business_a.organization
    bank = make_partner(org, "川口信用金庫", "financial")
    tax = make_partner(org, "関東信越税理士会川口支部", "professional")
    make_case(business_a, coordinator_a, partner=bank)
    make_case(business_a, coordinator_a, partner=bank)
    case = make_case(business_a, coordinator_a, partner=tax, expert=expert_profile)
    services.book_visit(
        case,
        visited_on=date(2024, 5, 25),
        staff=coordinator_a,
        pre_hearing=True,
        actor=coordinator_a,
    )
    services.book_visit(case, visited_on=date(2024, 6, 1), staff=coordinator_a, actor=coordinator_a)
    accepted = {"count": "records", "of": "referral", "where": {"status": "accepted"}}
    assert _count(accepted, org.pk) == 3
    banks = {**accepted, "where": {"status": "accepted", "partner_kind": "financial"}}
    assert _count(banks, org.pk) == 2
    named = {**accepted, "where": {"partner": "関東信越税理士会川口支部"}}
    assert _count(named, org.pk) == 1
    assert _count({**accepted, "where": {"status": "accepted"}}, org.pk, 2025) == 0
    visits = {"count": "records", "of": "expert_visit", "where": {"is_pre_hearing": False}}
    assert _count(visits, org.pk) == 1
    hearings = {"count": "distinct_businesses", "of": "expert_visit", "where": {"visit_number": 0}}
    assert _count(hearings, org.pk) == 1
    short = {"count": "records", "of": "expert_visit", "where": {"programme": "genki"}}
    assert _count(short, org.pk) == 1
    with pytest.raises(RuleError):
        parse_rule({"count": "records", "of": "referral", "where": {"status": "maybe"}})


def test_the_kinds_filter_on_the_captured_business_facts(business_a, coordinator_a):
    make_case(business_a, coordinator_a)
    rule = {
        "count": "records",
        "of": "referral",
        "where": {"district": "青木", "in_territory": True},
    }
    assert _count(rule, business_a.organization_id) == 1
    assert get_kind("referral").model is Referral


def test_the_demo_holds_the_roster_of_plan_section_11(chamber_a, district_a):
    for n in range(3):
        make_user(chamber_a, Role.ADVISOR, f"kawaguchi-advisor-{n:02d}")
    make_user(chamber_a, Role.COORDINATOR, "kawaguchi-coordinator")
    expert_user = make_user(chamber_a, Role.EXPERT, "kawaguchi-expert")
    for n in range(60):
        make_business(
            chamber_a, district_a, name=f"事業者{n:02d}", name_kana=f"ジギョウシャ{n:02d}"
        )
    load_partners_demo(chamber_a, today=date(2026, 2, 1), seed=1)
    kinds = list(Partner.objects.filter(organization=chamber_a).values_list("kind", flat=True))
    assert kinds.count("financial") == 8
    assert kinds.count("professional") + kinds.count("diagnosis") == 7
    assert Partner.objects.filter(name="埼玉県中小企業診断協会", kind="diagnosis").exists()
    assert {
        "川口市経済部",
        "さいたま商工会議所",
        "蕨商工会議所",
        "鳩ヶ谷商工会",
        "戸田市商工会",
    } <= set(Partner.objects.values_list("name", flat=True))
    referrals = Referral.objects.filter(organization=chamber_a)
    assert 25 <= referrals.filter(fiscal_year__in=[2024, 2025]).count() <= 35
    assert {"received", "accepted", "declined"} <= set(referrals.values_list("status", flat=True))
    assert DispatchCase.objects.filter(status="closed").exists()
    assert DispatchCase.objects.filter(status="open").exists()
    assert DispatchVisit.objects.filter(number=0).exists()
    assert DispatchVisit.objects.filter(number__gt=5, programme__code="cho_genki").exists()
    assert Expert.objects.get(user=expert_user).cases.exists()
    # deterministic: the same seed and day give the same requests
    first = list(
        referrals.order_by("pk").values_list("business__name", "partner__name", "referred_on")
    )
    for model in (DispatchVisit, DispatchCase, Referral):
        model.objects.all().delete()
    from bansou.partners.models import DispatchProgramme, PartnerContact

    for model in (Expert, PartnerContact, Partner, DispatchProgramme):
        model.objects.all().delete()
    load_partners_demo(chamber_a, today=date(2026, 2, 1), seed=1)
    again = list(
        Referral.objects.order_by("pk").values_list(
            "business__name", "partner__name", "referred_on"
        )
    )
    assert again == first
