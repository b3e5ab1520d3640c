"""When the daily digest goes out: every weekday from BANSOU_DIGEST_AT (07:30, the chamber's
time zone), once a day per user.

The worker (`bansou worker`) asks `tick` once a minute; from that time on it enqueues the day's
task (reminders.tasks.send_daily_digests) once, and the task sends each user's digest at most
once a day (DigestSent), so a worker restarted at noon, or two workers, send nobody a second
one, and a user whose mail failed is tried again at the next start. Saturdays and Sundays
nothing is sent (the chamber is closed); a national holiday is an ordinary weekday here.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

WEEKDAYS = range(0, 5)  # Monday .. Friday


def send_at() -> time:
    hours, minutes = settings.BANSOU_DIGEST_AT.split(":")
    return time(int(hours), int(minutes))


def is_due(now: datetime) -> bool:
    """Whether the day's digest should have gone out by `now` (an aware datetime)."""
    local = timezone.localtime(now)
    return local.weekday() in WEEKDAYS and local.time() >= send_at()


class Schedule:
    """The worker's part: the day's task enqueued once per day and process."""

    def __init__(self) -> None:
        self.enqueued_for: date | None = None

    def tick(self, now: datetime | None = None) -> bool:
        """Enqueue the day's digests when they are due and not enqueued yet; whether it did."""
        from .tasks import send_daily_digests

        now = now or timezone.now()
        today = timezone.localdate(now)
        if self.enqueued_for == today or not is_due(now):
            return False
        send_daily_digests.using(backend=settings.BANSOU_JOBS_BACKEND).enqueue(today.isoformat())
        self.enqueued_for = today
        return True
