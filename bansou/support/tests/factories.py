"""Building support records in tests through the service, as the product does."""

from datetime import datetime

from bansou.support.models import LOCAL_TZ
from bansou.support.services import record_support


def tokyo(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


def make_record(business, staff, *, when=None, channel="visit", themes=("cash_flow",), **fields):
    fields.setdefault("support", "資金繰りの相談に対応した。")
    return record_support(
        business=business,
        staff=staff,
        occurred_at=when or tokyo(2024, 6, 3),
        channel=channel,
        themes=themes,
        **fields,
    )
