"""The demo data: deterministic, valid, isolated per chamber, loaded once."""

from datetime import date

import pytest
from django.core.management import call_command

from bansou.accounts.models import User
from bansou.businesses.models import Business
from bansou.committee.models import CommitteeMeeting
from bansou.demo.services import generate_businesses
from bansou.evaluation.models import DevelopmentPlan
from bansou.lib.corporate_number import validate_corporate_number
from bansou.organizations.models import District, Organization

pytestmark = pytest.mark.django_db


def test_generation_is_deterministic_and_valid(chamber_a, district_a):
    first = generate_businesses(chamber_a, [district_a], 300, seed=7)
    second = generate_businesses(chamber_a, [district_a], 300, seed=7)
    assert [b.name for b in first] == [b.name for b in second]
    numbers = [b.corporate_number for b in first if b.corporate_number]
    assert numbers and len(numbers) == len(set(numbers))
    assert all(validate_corporate_number(n) == n for n in numbers)
    assert all(b.search_key and b.is_small is not None for b in first)
    assert all(b.phone.startswith("048-000-") for b in first)


def test_command_loads_once_resets_and_prints_the_logins(capsys):
    # 10,000 businesses: the FY2024 records need 845 businesses in 鳩ヶ谷 (one district in ten);
    # a smaller living part (up to a day early in FY2025) keeps the test quick.
    small = {"businesses": 10_000, "today": "2025-06-11", "records_per_year": 300}
    call_command("demo", **small)
    call_command("demo", **small)
    out = capsys.readouterr().out
    assert "already loaded" in out
    for username in [
        "kawaguchi-admin",
        "kawaguchi-advisor",
        "kawaguchi-lead",
        "kawaguchi-committee",
        "other-advisor",
    ]:
        assert username in out
        assert User.objects.get(username=username).check_password("bansou-demo")
    kawaguchi = Organization.objects.get(slug="kawaguchi")
    assert Business.objects.filter(organization=kawaguchi).count() == 10_000
    assert User.objects.filter(organization=kawaguchi, role="advisor").count() == 15
    hatogaya = District.objects.get(organization=kawaguchi, name="鳩ヶ谷")
    # Outside the FY2024 plan's territory, inside from the merger (2025-04-01).
    assert not hatogaya.is_in_territory_on(date(2025, 3, 31))
    assert hatogaya.is_in_territory_on(date(2025, 4, 1))
    assert kawaguchi.department_set.count() == 4
    assert DevelopmentPlan.objects.filter(organization=kawaguchi).exists()
    meeting = CommitteeMeeting.objects.get(organization=kawaguchi, fiscal_year=2024)
    assert meeting.status == "closed"
    grades = {s["number"]: s["grade"] for s in meeting.snapshot.result["sections"]}
    assert grades == {
        1: "A",
        2: "B",
        3: "B",
        4: "A",
        5: "A",
        6: "B",
        7: "A",
        8: "A",
        9: "A",
        10: "A",
    }

    # --reset removes every app's rows of the demo chambers and loads them again.
    call_command("demo", reset=True, **small)
    assert Business.objects.filter(organization__slug="kawaguchi").count() == 10_000
    assert DevelopmentPlan.objects.filter(organization__slug="kawaguchi").count() == 1
    # The dashboard's counts are built at the end of the load and equal a full recount.
    from bansou.dashboard import counts
    from bansou.dashboard.models import CountedSeries

    kawaguchi = Organization.objects.get(slug="kawaguchi")
    assert CountedSeries.objects.filter(organization=kawaguchi, fiscal_year=2024).count() > 10
    assert counts.drift(kawaguchi.pk) == []
