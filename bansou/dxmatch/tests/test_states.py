"""The state machine of a DX need, without the database."""

import pytest

from bansou.dxmatch.states import (
    MATCHED,
    TRANSITIONS,
    NeedAction,
    NeedStatus,
    TransitionError,
    accepts_proposals,
    allowed_actions,
    next_status,
)

S, A = NeedStatus, NeedAction


def test_the_whole_way_of_a_matched_need():
    status = S.DRAFT
    for action, expected in [
        (A.SEND, S.OPEN),
        (A.SEND, S.OPEN),  # more vendors while it is open
        (A.CHOOSE, S.CHOSEN),
        (A.CHECK_QUALITY, S.QUALITY_CHECKED),
        (A.FOLLOW_UP, S.FOLLOWED_UP),
        (A.FOLLOW_UP, S.FOLLOWED_UP),  # a later follow-up
    ]:
        status = next_status(status, action)
        assert status == expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.DRAFT, A.CHOOSE),  # nothing was sent: no proposal to choose
        (S.DRAFT, A.DECLINE),
        (S.OPEN, A.CHECK_QUALITY),  # no introduction yet
        (S.CHOSEN, A.CHOOSE),  # chosen once
        (S.CHOSEN, A.SEND),
        (S.CHOSEN, A.WITHDRAW),
        (S.NOT_CHOSEN, A.CHOOSE),
        (S.NOT_CHOSEN, A.SEND),
        (S.WITHDRAWN, A.SEND),
        (S.FOLLOWED_UP, A.WITHDRAW),
        (S.QUALITY_CHECKED, A.CHECK_QUALITY),
    ],
)
def test_refused_transitions(status, action):
    with pytest.raises(TransitionError):
        next_status(status, action)


def test_unknown_values_are_refused_not_crashing():
    with pytest.raises(TransitionError):
        next_status("lost", "send")
    with pytest.raises(TransitionError):
        next_status("open", "delete")


def test_allowed_actions_follow_the_table():
    assert set(allowed_actions(S.OPEN)) == {A.SEND, A.CHOOSE, A.DECLINE, A.WITHDRAW}
    assert set(allowed_actions(S.DRAFT)) == {A.SEND, A.WITHDRAW}
    assert allowed_actions(S.WITHDRAWN) == []
    assert allowed_actions(S.NOT_CHOSEN) == []
    for (status, action), _target in TRANSITIONS.items():
        assert action in allowed_actions(status)


def test_proposals_only_while_open_and_what_counts_as_matched():
    assert [s for s in S if accepts_proposals(s)] == [S.OPEN]
    assert S.DRAFT not in MATCHED and S.WITHDRAWN not in MATCHED
    # Every status a sent need can reach, except withdrawing, counts.
    reachable = {t for t in TRANSITIONS.values()} - {S.WITHDRAWN}
    assert reachable == set(MATCHED)
