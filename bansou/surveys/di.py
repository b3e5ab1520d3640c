"""DI (diffusion index) arithmetic: pure functions, no database.

DI = 100 × (plus − minus) ÷ valid, rounded half-up to one decimal (domain-facts §4.3). Each
item names its own plus and minus answers (好転/悪化, 増加/減少, 上昇/低下, 過剰/不足): the DI
is always "plus share − minus share" as the published series print it — 仕入単価DI is 上昇 −
低下 and 従業員数過不足DI is 過剰 − 不足 (domain-facts §4.2), although a rise of either is bad
news; `Item.favourable_when_rising` says which way is good. 該当しない answers and blanks are
not in the base. Negative DIs print with ▲ (▲17.9) through bansou.lib.formatting.amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bansou.lib.formatting import amount

PLUS, NEUTRAL, MINUS, NOT_APPLICABLE = "plus", "neutral", "minus", "na"
SIDES = (PLUS, NEUTRAL, MINUS)
# The word every item accepts for "does not apply" (excluded from the base).
NOT_APPLICABLE_WORDS = ("該当しない", "該当なし", "非該当", "N/A", "NA", "-")


@dataclass(frozen=True)
class Tally:
    plus: int = 0
    neutral: int = 0
    minus: int = 0
    not_applicable: int = 0

    @property
    def valid(self) -> int:
        return self.plus + self.neutral + self.minus

    @property
    def di(self) -> Decimal | None:
        return di(self.plus, self.minus, self.valid)


def di(plus: int, minus: int, valid: int) -> Decimal | None:
    """100 × (plus − minus) ÷ valid, one decimal, half away from zero; None without answers."""
    if not valid:
        return None
    if plus + minus > valid or min(plus, minus, valid) < 0:
        raise ValueError("plus and minus must be part of the valid answers")
    value = Decimal(100 * (plus - minus)) / Decimal(valid)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def tally(sides: list[str]) -> Tally:
    """Count answers given as PLUS / NEUTRAL / MINUS / NOT_APPLICABLE (None: no answer)."""
    counts = {side: 0 for side in (*SIDES, NOT_APPLICABLE)}
    for side in sides:
        if side in counts:
            counts[side] += 1
    return Tally(counts[PLUS], counts[NEUTRAL], counts[MINUS], counts[NOT_APPLICABLE])


def side_of(word: str, plus_word: str, neutral_word: str, minus_word: str) -> str | None:
    """Which side an answer word is on for an item (None: not one of its answers)."""
    text = (word or "").strip()
    if text == plus_word:
        return PLUS
    if text == neutral_word:
        return NEUTRAL
    if text == minus_word:
        return MINUS
    if text.upper() in NOT_APPLICABLE_WORDS:
        return NOT_APPLICABLE
    return None


def format_di(value: Decimal | None) -> str:
    """▲17.9, 0.0, 12.5; — without answers (the one ▲ helper, one decimal)."""
    return amount(value, 1)
