"""The dispatch rules of plan §11① (注1), as pure functions of plain values.

Visit 0 is the coordinator's pre-hearing (事前ヒアリング), held once per case. Programme visits
are numbered 1, 2, … across the case's programmes: a case moved from 元気アシスト (short, up to
5) to 超・元気アシスト (long, up to 10) continues at 6. A programme's cap is the highest number
that may be booked under it; a menu without a cap (令和版ビジネスファクトリー, the recovery
menu) has none.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from bansou.lib.formatting import wareki_date

PRE_HEARING = 0

# The default menus a chamber starts with (plan §11①, 注1): code, name, cap, description.
DEFAULT_PROGRAMMES = (
    ("genki", "元気アシストプログラム", 5, "短期支援：1〜5回目"),
    ("cho_genki", "超・元気アシストプログラム", 10, "長期支援：最大10回目まで"),
    ("factory", "令和版ビジネスファクトリー", None, "官民支援機関と連携した継続支援"),
    ("recovery", "コロナ禍の影響を受けた事業者に対する経営支援", None, "再生・再構築・事業譲渡"),
)


@dataclass(frozen=True)
class Refusal:
    message: str
    code: str


def next_programme_visit(numbers: list[int]) -> int:
    """The number the next programme visit takes, given the numbers already booked."""
    return max([n for n in numbers if n != PRE_HEARING], default=0) + 1


def check_booking(
    *,
    pre_hearing: bool,
    numbers: list[int],
    programme_name: str | None,
    cap: int | None,
    visited_on: date,
    opened_on: date,
    case_open: bool,
) -> Refusal | None:
    """Why this booking may not be made (None: it may)."""
    if not case_open:
        return Refusal(_("This case is closed: reopen it before booking a visit."), "closed")
    if visited_on < opened_on:
        return Refusal(
            _("The visit date is before the case was opened (%(day)s).")
            % {"day": wareki_date(opened_on)},
            "before_open",
        )
    if pre_hearing:
        if PRE_HEARING in numbers:
            return Refusal(_("This case already has its pre-hearing (visit 0)."), "pre_hearing")
        return None
    if programme_name is None:
        return Refusal(
            _("Choose the case's programme (after the pre-hearing) before booking a visit."),
            "no_programme",
        )
    number = next_programme_visit(numbers)
    if cap is not None and number > cap:
        return Refusal(
            _(
                "%(programme)s allows up to %(cap)s visits: visit %(number)s cannot be booked. "
                "Move the case to a longer programme (超・元気アシストプログラム: up to 10 visits)"
                " or to another menu."
            )
            % {"programme": programme_name, "cap": cap, "number": number},
            "cap",
        )
    return None


def check_programme_change(*, booked: int, programme_name: str, cap: int | None) -> Refusal | None:
    """A case may move to a programme whose cap covers the visits already booked."""
    if cap is not None and booked > cap:
        return Refusal(
            _("%(programme)s allows up to %(cap)s visits, and this case already has %(booked)s.")
            % {"programme": programme_name, "cap": cap, "booked": booked},
            "cap",
        )
    return None
