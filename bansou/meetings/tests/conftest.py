"""Chamber A with the Kawaguchi plan imported (no demo records) and a closed FY2023 committee."""

from datetime import UTC, datetime

import pytest

from bansou.evaluation import services as plan_services
from bansou.evaluation.demo import PLAN_FILE


@pytest.fixture
def plan_a(chamber_a, lead_advisor_a):
    return plan_services.import_definition(
        chamber_a, PLAN_FILE.read_text(encoding="utf-8"), actor=lead_advisor_a
    )


@pytest.fixture
def closed_fy2023(plan_a, lead_advisor_a):
    from bansou.committee.models import CommitteeMeeting

    return CommitteeMeeting.objects.create(
        organization=plan_a.organization, plan=plan_a, fiscal_year=2023,
        held_at=datetime(2024, 7, 16, 1, 0, tzinfo=UTC), venue="川口商工会議所",
        status="closed", closed_by=lead_advisor_a,
    )  # fmt: skip
