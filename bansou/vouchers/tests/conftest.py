from bansou.evaluation.tests.conftest import (  # noqa: F401 - shared fixtures
    demo_chamber,
    kawaguchi_plan,
    plan_text,
)
