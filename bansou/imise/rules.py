"""The declared rules of the award: how votes and judges' scores make the ranking, and what
the fraud report calls suspicious. Pure functions and constants, tested on their own.

Ranking (審査ルール): each finalist gets
- a vote score = 100 × its valid votes ÷ the most votes any finalist received;
- a judges' score = 100 × the mean of all points the judges gave it ÷ 10 (points 1–10 per
  criterion per judge);
- total = vote weight % × vote score + (100 − vote weight) % × judges' score (default 30/70).
Ties go to the higher judges' score, then more votes, then the store name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import MAX_POINTS

# The fraud report's thresholds (疑わしい投票の目安).
SAME_ADDRESS_STORE_VOTES = 10  # votes for one store from one address in the season
STORE_VOTES_PER_HOUR = 30  # votes for one store within one clock hour
DEVICE_VOTES = 60  # votes from one device in the season


@dataclass(frozen=True)
class Entry:
    candidate_id: int
    name: str
    votes: int
    points: tuple[int, ...]  # every point the judges gave this finalist


@dataclass(frozen=True)
class Ranked:
    rank: int
    entry: Entry
    vote_score: Decimal
    judge_score: Decimal
    total: Decimal


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rank(entries: list[Entry], vote_weight: int) -> list[Ranked]:
    if not 0 <= vote_weight <= 100:
        raise ValueError("the vote weight is a percentage")
    most = max((e.votes for e in entries), default=0)
    scored = []
    for entry in entries:
        vote_score = Decimal(100 * entry.votes) / most if most else Decimal(0)
        judge_score = (
            Decimal(100 * sum(entry.points)) / (MAX_POINTS * len(entry.points))
            if entry.points
            else Decimal(0)
        )
        total = (vote_weight * vote_score + (100 - vote_weight) * judge_score) / 100
        scored.append((_one_decimal(total), _one_decimal(judge_score), vote_score, entry))
    scored.sort(key=lambda s: (-s[0], -s[1], -s[3].votes, s[3].name, s[3].candidate_id))
    return [
        Ranked(i + 1, entry, _one_decimal(vote_score), judge_score, total)
        for i, (total, judge_score, vote_score, entry) in enumerate(scored)
    ]
