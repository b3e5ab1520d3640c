from bansou.evaluation.tests.conftest import demo_chamber  # noqa: F401 - shared fixture
