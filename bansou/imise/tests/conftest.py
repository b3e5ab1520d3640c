import pytest

from .factories import make_season


@pytest.fixture
def season(chamber_a, advisor_a):
    return make_season(chamber_a, advisor_a)
