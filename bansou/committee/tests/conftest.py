"""Fixtures of the committee tests: a lead advisor, a plan like Kawaguchi's, meetings."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from bansou.accounts.models import Role
from bansou.committee import services
from bansou.committee.models import CommitteeMeeting, CommitteeMember, Opinion
from bansou.testing import make_user

from .plans import FY, build_seed_plan


@pytest.fixture
def lead_a(chamber_a):
    return make_user(chamber_a, Role.LEAD_ADVISOR, "lead-a")


@pytest.fixture
def plan_a(chamber_a, lead_a):
    return build_seed_plan(chamber_a, lead_a)


def make_meeting(plan, actor, **fields) -> CommitteeMeeting:
    values = {
        "organization": plan.organization,
        "plan": plan,
        "fiscal_year": FY,
        "held_at": timezone.make_aware(datetime(2025, 7, 15, 11, 0)),
        "ends_at": time(12, 15),
        "venue": "川口商工会議所会議室",
        "secretariat": "事務局6人（内、川口市経済部産業労働政策課1人）",
        **fields,
    }
    return services.create_meeting(CommitteeMeeting(**values), actor=actor)


@pytest.fixture
def meeting_a(plan_a, lead_a):
    meeting = make_meeting(plan_a, lead_a)
    for title, name, chair in [
        ("中小企業支援委員会 委員長", "小原一郎", True),
        ("川口市 経済部長", "江原次郎", False),
    ]:
        services.add_member(
            CommitteeMember(meeting=meeting, title=title, name=name, is_chair=chair), actor=lead_a
        )
    services.add_opinion(
        Opinion(meeting=meeting, text="実施していない事業については目標件数を除外した評価とする。"),
        actor=lead_a,
    )
    return meeting


@pytest.fixture
def closed_meeting_a(meeting_a, lead_a):
    services.close_meeting(meeting_a, actor=lead_a)
    meeting_a.refresh_from_db()
    return meeting_a
