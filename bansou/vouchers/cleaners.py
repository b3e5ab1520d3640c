"""Cells of the issuer's usage file: the day, the amount, the user's gender and age band.

Pure functions (no query): each raises dataio's CellError with a Japanese message. Dates,
words and numbers repeat down a column, so the engine cleans each distinct cell once.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.dataio import cleaners
from bansou.dataio.cleaners import CellError
from bansou.lib.text import nfkc

from .models import AgeBand, Gender

# The first day the chamber's vouchers were ever used (the paper voucher's first issue).
FIRST_DAY = date(2000, 1, 1)

GENDER_WORDS = {
    "男": Gender.MALE, "男性": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE,
    "女": Gender.FEMALE, "女性": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE,
    "その他": Gender.OTHER, "other": Gender.OTHER,
    "無回答": Gender.UNKNOWN, "未回答": Gender.UNKNOWN, "回答しない": Gender.UNKNOWN,
    "不明": Gender.UNKNOWN, "-": Gender.UNKNOWN,
}  # fmt: skip
AGE_UNKNOWN_WORDS = {"不明", "無回答", "未回答", "回答しない", "-"}
_BAND_RE = re.compile(r"(\d{1,3})(?:代|歳代)(以上|以下)?")
_AGE_RE = re.compile(r"(\d{1,3})(?:歳|才)?(以上)?")
_YOUNG_RE = re.compile(r"(?:[~〜～](\d{1,2})(?:歳|才)?|(\d{1,2})(?:歳|才)?(?:以下|未満))")
_DAY_TIME_RE = re.compile(r"^(\S+?)(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")

gender = cleaners.choice(Gender.choices, GENDER_WORDS)


def _band(age: int) -> int:
    return min(max(age // 10 * 10, AgeBand.TEENS), AgeBand.SEVENTIES)


def age_band(value) -> int:
    """20代, ２０代, 20歳代, 10代以下, 70代以上, 80代 (→ 70代以上), an age (34 → 30代), 〜19歳,
    不明 / 無回答."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 0 <= value <= 120:
            return _band(int(value))
    text = nfkc(cleaners.text(value)).replace(" ", "")
    if text in AGE_UNKNOWN_WORDS:
        return AgeBand.UNKNOWN
    found = _BAND_RE.fullmatch(text)
    if found and int(found[1]) % 10 == 0 and int(found[1]) <= 120:
        return _band(int(found[1]))
    found = _AGE_RE.fullmatch(text)
    if found and int(found[1]) <= 120:
        return _band(int(found[1]))
    found = _YOUNG_RE.fullmatch(text)
    if found and int(found[1] or found[2]) <= 20:
        return AgeBand.TEENS
    raise CellError(
        _("「%(value)s」 is not an age band: write 10代, 20代 … 70代以上, an age, or 不明.")
        % {"value": cleaners.text(value)}
    )


def used_on(value) -> date:
    """The day of use: any date the chamber's imports read (2024/4/1, 令和6年4月1日 …), also
    with a time after it (2024/04/01 12:34), not in the future."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        found = _DAY_TIME_RE.match(nfkc(value).strip())
        if found:
            value = found[1]
    day = cleaners.day(value)
    if day < FIRST_DAY or day > timezone.localdate():
        raise CellError(
            _("The day of use %(day)s is out of range: from 2000年1月1日 up to today.")
            % {"day": f"{day.year}年{day.month}月{day.day}日"}
        )
    return day


def amount(value) -> int:
    """Yen, at least 1: commas, 円 and full-width digits are read; ▲ or a minus is refused."""
    number = cleaners.integer(value)
    if number <= 0:
        raise CellError(
            _("The amount used must be 1 yen or more: %(value)s") % {"value": cleaners.text(value)}
        )
    if number > 100_000_000:
        raise CellError(_("The amount used is too large: %(value)s") % {"value": number})
    return number


def area(value) -> str:
    return nfkc(cleaners.limited_text(40)(value)).strip()


def transaction_id(value) -> str:
    found = cleaners.code(value)
    if len(found) > 60:
        raise CellError(_("A transaction ID has at most 60 characters."))
    return found
