"""Personas: chamber A (each of its roles, an IT vendor, and a second expert assigned to nothing),
chamber B (advisor) and the operator's superuser, who belongs to no chamber."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from bansou.accounts.models import Role, User
from bansou.businesses.models import Business, BusinessAssignment
from bansou.organizations.models import Department, District, Organization
from bansou.testing import PASSWORD, csv_bytes, make_business, make_user, xlsx_bytes

# Tests hash passwords with MD5: the real hasher is slow by design and tests make many users.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Background jobs run inside the request that starts them; tests of the worker switch back.
settings.BANSOU_JOBS_BACKEND = "immediate"


@pytest.fixture(autouse=True)
def _chamber_language():
    """Each test starts and ends in the chamber's language: a request with another
    Accept-Language leaves its language active in the thread after the response."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def chamber_a(db) -> Organization:
    org = Organization.objects.create(
        name="川口商工会議所", slug="a", kind=Organization.Kind.CHAMBER_OF_COMMERCE
    )
    Department.objects.create(organization=org, name="経営支援課")
    return org


@pytest.fixture
def chamber_b(db) -> Organization:
    return Organization.objects.create(
        name="さくら商工会", slug="b", kind=Organization.Kind.SOCIETY_OF_COMMERCE
    )


@pytest.fixture
def district_a(chamber_a) -> District:
    return District.objects.create(organization=chamber_a, name="青木", name_kana="アオキ")


@pytest.fixture
def district_outside_a(chamber_a) -> District:
    return District.objects.create(
        organization=chamber_a, name="鳩ヶ谷", name_kana="ハトガヤ", in_territory=False
    )


@pytest.fixture
def district_b(chamber_b) -> District:
    return District.objects.create(organization=chamber_b, name="本町", name_kana="ホンチョウ")


@pytest.fixture
def advisor_a(chamber_a) -> User:
    return make_user(chamber_a, Role.ADVISOR, "advisor-a")


@pytest.fixture
def committee_a(chamber_a) -> User:
    return make_user(chamber_a, Role.COMMITTEE, "committee-a")


@pytest.fixture
def expert_a(chamber_a) -> User:
    return make_user(chamber_a, Role.EXPERT, "expert-a")


@pytest.fixture
def admin_a(chamber_a) -> User:
    return make_user(chamber_a, Role.ADMIN, "admin-a")


@pytest.fixture
def lead_advisor_a(chamber_a) -> User:
    return make_user(chamber_a, Role.LEAD_ADVISOR, "lead-advisor-a")


@pytest.fixture
def coordinator_a(chamber_a) -> User:
    return make_user(chamber_a, Role.COORDINATOR, "coordinator-a")


@pytest.fixture
def staff_a(chamber_a) -> User:
    return make_user(chamber_a, Role.STAFF, "staff-a")


@pytest.fixture
def other_expert_a(chamber_a) -> User:
    """An expert of chamber A assigned to no business (expert_a has business_a)."""
    return make_user(chamber_a, Role.EXPERT, "other-expert-a")


@pytest.fixture
def vendor_a(chamber_a) -> User:
    """An IT vendor's account of chamber A (DX matching), linked to its company."""
    from bansou.dxmatch.models import Vendor, VendorAccount

    user = make_user(chamber_a, Role.VENDOR, "vendor-a")
    vendor = Vendor.objects.create(organization=chamber_a, name="株式会社川口システム開発")
    VendorAccount.objects.create(organization=chamber_a, vendor=vendor, user=user)
    return user


@pytest.fixture
def operator(db) -> User:
    """The operator's superuser: runs the installation, belongs to no chamber."""
    return User.objects.create_superuser("operator", "operator@example.org", PASSWORD)


@pytest.fixture
def advisor_b(chamber_b) -> User:
    return make_user(chamber_b, Role.ADVISOR, "advisor-b")


@pytest.fixture
def business_a(chamber_a, district_a) -> Business:
    return make_business(
        chamber_a, district_a, corporate_number="7000012050002", phone="048-000-0001"
    )


@pytest.fixture
def business_b(chamber_b, district_b) -> Business:
    return make_business(chamber_b, district_b, name="さくら食堂", name_kana="サクラショクドウ")


@pytest.fixture
def assigned_business(business_a, expert_a) -> Business:
    BusinessAssignment.objects.create(
        organization=business_a.organization, business=business_a, expert=expert_a
    )
    return business_a


@pytest.fixture
def write_file(tmp_path):
    """write_file(rows, name="x.csv", encoding=...) → Path (xlsx when the name ends so)."""

    def write(rows, name: str = "import.csv", encoding: str = "utf-8-sig") -> Path:
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows, encoding))
        return path

    return write
