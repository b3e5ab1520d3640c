"""Fixtures of the API tests: a token per persona and one record of each kind."""

import pytest
from django.test import Client

from bansou.api.services import create_token
from bansou.testing import make_business

from .factories import records_of


def token_client(user) -> Client:
    """A client that sends the user's new token with every request (and no session)."""
    secret = create_token(user, name="テスト").secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def api_as(db):
    return token_client


@pytest.fixture
def data_a(assigned_business, advisor_a):
    """Records about business_a (assigned to expert_a)."""
    return records_of(assigned_business, advisor_a)


@pytest.fixture
def unassigned_a(chamber_a, district_a, advisor_a):
    """Records about a business of chamber A that expert_a is not assigned to."""
    business = make_business(chamber_a, district_a, name="有限会社川口製作所", name_kana="カワグチ")
    return records_of(business, advisor_a)


@pytest.fixture
def data_b(business_b, advisor_b):
    return records_of(business_b, advisor_b)
