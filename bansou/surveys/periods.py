"""Survey periods (rounds): `YYYY-MM` for a month, `YYYYQn` for a calendar quarter.

中小企業景況調査 runs on calendar quarters (1–3月期 … 10–12月期), not on the April–March
fiscal year (domain-facts §4.2, §5.3): 2025Q1 (Jan–Mar 2025) lies in fiscal year 2024. The
period's first and last days are stored with the round, never a bare quarter number.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from bansou.core.errors import DomainError
from bansou.lib.eras import fiscal_year

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
MONTHLY, QUARTERLY = "monthly", "quarterly"


@dataclass(frozen=True)
class Period:
    code: str  # 2024-05 or 2024Q2
    starts_on: date
    ends_on: date

    @property
    def is_quarter(self) -> bool:
        return "Q" in self.code

    @property
    def fiscal_year(self) -> int:
        """The fiscal year of the period's last day (2025Q1 → 2024)."""
        return fiscal_year(self.ends_on)

    def label(self) -> str:
        """2024年4〜6月期 / 2024年5月."""
        if self.is_quarter:
            return _("%(first)s–%(last)s/%(year)s") % {
                "year": self.starts_on.year,
                "first": self.starts_on.month,
                "last": self.ends_on.month,
            }
        return _("%(month)s/%(year)s") % {
            "year": self.starts_on.year,
            "month": self.starts_on.month,
        }

    def short(self) -> str:
        """Axis labels: 24Q2, 24/5."""
        if self.is_quarter:
            return f"{self.starts_on.year % 100}Q{(self.starts_on.month + 2) // 3}"
        return f"{self.starts_on.year % 100}/{self.starts_on.month}"


def _bad(text: str) -> DomainError:
    return DomainError(
        _(
            "The period %(value)s is not valid: write YYYY-MM for a month (2024-05) or YYYYQn "
            "for a calendar quarter (2024Q2)."
        )
        % {"value": text},
        code="bad_period",
    )


def parse_period(text: str, cadence: str | None = None) -> Period:
    """2024-05 → May 2024; 2024Q2 → April–June 2024. Full-width digits are accepted.

    With `cadence`, a monthly survey takes months only and a quarterly one quarters only.
    """
    clean = unicodedata.normalize("NFKC", str(text or "")).strip().upper()
    if m := QUARTER.match(clean):
        year, quarter = int(m[1]), int(m[2])
        if cadence == MONTHLY:
            raise DomainError(
                _("This survey is monthly: write the period as YYYY-MM (2024-05), not %(value)s.")
                % {"value": text},
                code="bad_period",
            )
        first = 3 * quarter - 2
        last_day = calendar.monthrange(year, first + 2)[1]
        return Period(f"{year}Q{quarter}", date(year, first, 1), date(year, first + 2, last_day))
    if m := MONTH.match(clean):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12 or year < 1900:
            raise _bad(text)
        if cadence == QUARTERLY:
            raise DomainError(
                _(
                    "This survey is quarterly: write the period as YYYYQn (2024Q2, a calendar "
                    "quarter), not %(value)s."
                )
                % {"value": text},
                code="bad_period",
            )
        last_day = calendar.monthrange(year, month)[1]
        return Period(f"{year}-{month:02d}", date(year, month, 1), date(year, month, last_day))
    raise _bad(text)


def quarter_of(d: date) -> Period:
    return parse_period(f"{d.year}Q{(d.month + 2) // 3}")


def month_of(d: date) -> Period:
    return parse_period(f"{d.year}-{d.month:02d}")
