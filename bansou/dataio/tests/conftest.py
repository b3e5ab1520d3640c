"""Fixtures for the import tests: files written in the encodings Japanese offices use."""

import pytest

from bansou.accounts.models import Role
from bansou.testing import make_user


@pytest.fixture
def staff_a(chamber_a):
    user = make_user(chamber_a, Role.STAFF, "sato")
    user.display_name = "佐藤 花子"
    user.save()
    return user
