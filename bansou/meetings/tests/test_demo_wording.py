"""The demo's meeting titles and guide notes name months and years in 和暦, like every screen."""

from datetime import date

import pytest

from bansou.meetings.demo import _living_coordinator_meetings, _living_guide
from bansou.meetings.models import GuideVersion, Meeting

pytestmark = pytest.mark.django_db


def test_coordinator_meetings_are_titled_in_wareki(chamber_a, plan_a, lead_advisor_a):
    days = [date(2026, 10, 14), date(2026, 11, 11)]
    _living_coordinator_meetings(chamber_a, days, lead_advisor_a)
    titles = list(Meeting.objects.order_by("held_on").values_list("title", flat=True))
    assert titles == ["コーディネーター会議（令和8年10月）", "コーディネーター会議（令和8年11月）"]


def test_the_guides_yearly_revision_is_noted_in_wareki(chamber_a, lead_advisor_a):
    _living_guide(chamber_a, [2024, 2025], date(2026, 1, 5), lead_advisor_a)
    version = GuideVersion.objects.get()
    assert version.note == "令和7年度の見直し"
    assert "## 令和7年度の追記" in version.body and "2025" not in version.body
