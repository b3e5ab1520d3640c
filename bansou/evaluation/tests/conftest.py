"""Fixtures of the evaluation tests: the shipped Kawaguchi plan, a small demo chamber."""

from pathlib import Path

import pytest

from bansou.accounts.models import Role
from bansou.businesses.models import Business
from bansou.demo.services import KAWAGUCHI_DEPARTMENTS, KAWAGUCHI_DISTRICTS, generate_businesses
from bansou.evaluation import services
from bansou.organizations.models import Department, District, Organization
from bansou.testing import make_user

PLAN_FILE = Path(__file__).parents[1] / "plans" / "kawaguchi-2023-2025.yaml"


@pytest.fixture
def plan_text() -> str:
    return PLAN_FILE.read_text(encoding="utf-8")


@pytest.fixture
def kawaguchi_plan(chamber_a, admin_a, plan_text):
    """The shipped plan imported into chamber A (no records)."""
    return services.import_definition(chamber_a, plan_text, actor=admin_a)


def build_demo_chamber(businesses: int = 4000, slug: str = "kawaguchi") -> Organization:
    """A chamber like the demo's, smaller; 鳩ヶ谷 weighted so that 845 visits fit in it."""
    organization = Organization.objects.create(
        name="川口商工会議所", slug=slug, kind=Organization.Kind.CHAMBER_OF_COMMERCE
    )
    Department.objects.bulk_create(
        Department(organization=organization, name=n, sort_order=i)
        for i, n in enumerate(KAWAGUCHI_DEPARTMENTS)
    )
    districts = District.objects.bulk_create(
        District(organization=organization, name=n, name_kana=k, in_territory=t, sort_order=i)
        for i, (n, k, t) in enumerate(KAWAGUCHI_DISTRICTS)
    )
    hatogaya = [d for d in districts if d.name == "鳩ヶ谷"]
    weighted = [d for d in districts if d.in_territory] + hatogaya * 4  # 4 in 13 ≈ 31 %
    Business.objects.bulk_create(
        generate_businesses(organization, weighted, businesses, seed=7), batch_size=2000
    )
    make_user(organization, Role.LEAD_ADVISOR, f"{slug}-lead")
    make_user(organization, Role.ADVISOR, f"{slug}-advisor")
    return organization


@pytest.fixture
def demo_chamber(db) -> Organization:
    return build_demo_chamber()


@pytest.fixture
def lead_b(chamber_b):
    """Keeps chamber B's plan (the lead advisor imports plans and actuals)."""
    return make_user(chamber_b, Role.LEAD_ADVISOR, "lead-b")
