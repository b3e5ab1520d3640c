"""A dispatch case of business_a with an expert linked to expert_a's account."""

import pytest

from .factories import make_case, make_expert


@pytest.fixture
def expert_profile(expert_a):
    return make_expert(expert_a.organization, user=expert_a)


@pytest.fixture
def case_a(business_a, coordinator_a, expert_profile):
    return make_case(business_a, coordinator_a, expert=expert_profile)
