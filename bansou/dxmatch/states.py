"""The life of a DX need as a pure state machine (plan §12①).

A business's need (経営課題) is registered (draft), sent to member IT vendors and experts
(open: proposals with quotes come in), then the business chooses one proposal (chosen) or
none, with a reason (not_chosen). After the introduction an expert checks the quality of what
was delivered (quality_checked) and the follow-up is recorded (followed_up). A need may be
withdrawn before a choice. No I/O here: services apply what these functions decide.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Not sent yet")
    OPEN = "open", _("Sent, proposals open")
    CHOSEN = "chosen", _("Proposal chosen")
    NOT_CHOSEN = "not_chosen", _("None chosen")
    QUALITY_CHECKED = "quality_checked", _("Quality checked")
    FOLLOWED_UP = "followed_up", _("Followed up")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NeedAction(StrEnum):
    SEND = "send"
    CHOOSE = "choose"
    DECLINE = "decline"
    CHECK_QUALITY = "check_quality"
    FOLLOW_UP = "follow_up"
    WITHDRAW = "withdraw"


S, A = NeedStatus, NeedAction

# (status, action) → the status it leads to. Sending to more vendors keeps a need open; a
# follow-up may be recorded more than once.
TRANSITIONS: dict[tuple[NeedStatus, NeedAction], NeedStatus] = {
    (S.DRAFT, A.SEND): S.OPEN,
    (S.OPEN, A.SEND): S.OPEN,
    (S.OPEN, A.CHOOSE): S.CHOSEN,
    (S.OPEN, A.DECLINE): S.NOT_CHOSEN,
    (S.CHOSEN, A.CHECK_QUALITY): S.QUALITY_CHECKED,
    (S.QUALITY_CHECKED, A.FOLLOW_UP): S.FOLLOWED_UP,
    (S.FOLLOWED_UP, A.FOLLOW_UP): S.FOLLOWED_UP,
    (S.DRAFT, A.WITHDRAW): S.WITHDRAWN,
    (S.OPEN, A.WITHDRAW): S.WITHDRAWN,
}

# Statuses in which vendors may submit or change a proposal.
PROPOSALS_OPEN = frozenset({S.OPEN})
# Statuses of a need that went to vendors and was not withdrawn: what the plan's row
# 労働生産性向上支援 counts ("マッチング", see plans/kawaguchi-2023-2025.yaml).
MATCHED = frozenset({S.OPEN, S.CHOSEN, S.NOT_CHOSEN, S.QUALITY_CHECKED, S.FOLLOWED_UP})


class TransitionError(Exception):
    def __init__(self, status: str, action: str) -> None:
        super().__init__(f"{action} is not allowed from {status}")
        self.status, self.action = status, action


def next_status(status: str, action: str) -> NeedStatus:
    """The status `action` leads to from `status`; TransitionError when it is not allowed."""
    try:
        return TRANSITIONS[(NeedStatus(status), NeedAction(action))]
    except (KeyError, ValueError):
        raise TransitionError(status, action) from None


def allowed_actions(status: str) -> list[NeedAction]:
    return [action for (source, action) in TRANSITIONS if source == status]


def accepts_proposals(status: str) -> bool:
    return status in PROPOSALS_OPEN
