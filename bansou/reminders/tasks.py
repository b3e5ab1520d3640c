"""The daily digest as a task of Django's tasks framework (enqueued by the worker's schedule)."""

from datetime import date

from django.conf import settings
from django.tasks import task
from django.utils import translation


@task
def send_daily_digests(day: str) -> int:
    """Each user's digest of `day` (YYYY-MM-DD) not sent yet, every chamber; how many went."""
    from .services import send_digests_of_day

    with translation.override(settings.LANGUAGE_CODE):
        return send_digests_of_day(date.fromisoformat(day))
