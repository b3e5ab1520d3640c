"""Input types shared by every endpoint: bounded ids, NUL-free text, dates the database holds."""

from datetime import date
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, AwareDatetime, Field

MAX_ID = 2**63 - 1
# Years a chamber's record can carry; outside them a date is a typing error, and a moment
# near year 1 or 9999 would overflow when converted between time zones.
MIN_YEAR, MAX_YEAR = 1900, 2999


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store U+0000 in text; refuse it here rather than fail on the INSERT.
    if "\x00" in value:
        raise ValueError(_("The text contains a NUL character."))
    return value


def _plausible_date(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(_("The year must be between 1900 and 2999."))
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
FiscalYear = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Moment = Annotated[AwareDatetime, AfterValidator(_plausible_date)]
Day = Annotated[date, AfterValidator(_plausible_date)]


def text(max_length: int):
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_nul)]


Cursor = Annotated[str, Field(max_length=200), AfterValidator(_no_nul)]
SearchText = text(100)
Limit = Annotated[int, Field(ge=1, le=200)]
DEFAULT_LIMIT = 50

__all__ = ["DEFAULT_LIMIT", "Cursor", "Day", "FiscalYear", "Id", "Limit", "Moment", "text"]
