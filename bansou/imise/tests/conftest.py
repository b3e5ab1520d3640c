import pytest

from .factories import make_season


@pytest.fixture
def season(chamber_a, advisor_a):
    return make_season(chamber_a, advisor_a)


from bansou.evaluation.tests.conftest import demo_chamber  # noqa: E402, F401 - shared fixture
