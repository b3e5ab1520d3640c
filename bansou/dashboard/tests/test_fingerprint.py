"""The snapshot's fingerprint: a chamber's newest row in each table, other chambers aside."""

from datetime import date

import pytest

from bansou.dashboard import snapshots
from bansou.dashboard.snapshots import fingerprint

from .conftest import make_record

pytestmark = pytest.mark.django_db


def test_it_changes_when_the_chamber_inserts_and_only_then(
    monkeypatch, advisor_a, business_a, advisor_b, business_b
):
    monkeypatch.setattr(snapshots, "WINDOW", 2)  # ids read back per table
    empty = fingerprint(advisor_a.organization_id)
    make_record(business_a, advisor_a, date(2024, 6, 3))
    mine = fingerprint(advisor_a.organization_id)
    assert mine != empty

    make_record(business_b, advisor_b, date(2024, 6, 4))  # another chamber's row: same answer
    assert fingerprint(advisor_a.organization_id) == mine
    make_record(business_b, advisor_b, date(2024, 6, 5))  # … until it pushes ours out of the
    pushed = fingerprint(advisor_a.organization_id)  # window: one change, then stable
    assert pushed != mine
    make_record(business_b, advisor_b, date(2024, 6, 6))
    assert fingerprint(advisor_a.organization_id) == pushed

    make_record(business_a, advisor_a, date(2024, 6, 7))  # ours again is always the newest
    assert fingerprint(advisor_a.organization_id) not in (pushed, mine)
