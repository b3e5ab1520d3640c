"""Helpers for tests: build users and businesses, log a client in."""

from django.test import Client

from bansou.accounts.models import Role, User
from bansou.businesses.models import Business
from bansou.organizations.models import Organization

PASSWORD = "test-password-123"


def make_user(organization: Organization, role: Role, username: str) -> User:
    user = User(username=username, organization=organization, role=role, display_name=username)
    user.is_staff = role == Role.ADMIN
    user.set_password(PASSWORD)
    user.save()
    return user


def make_business(organization, district=None, **fields) -> Business:
    values = {
        "name": "株式会社青葉鋳工所",
        "name_kana": "アオバチュウコウショ",
        "industry": "E",
        "employees": 8,
        **fields,
    }
    return Business.objects.create(organization=organization, district=district, **values)


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
