"""The daily digest sent by the worker: due on weekdays from BANSOU_DIGEST_AT, enqueued once a
day, each user's digest sent once however often the task runs, a failed mail tried again."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from bansou.reminders import schedule, services
from bansou.reminders.models import DigestSent
from bansou.testing import login

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
MONDAY = date(2025, 3, 31)  # the advisor_day fixture's day (the last day of FY2024)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        (at(MONDAY, 7, 29), False),
        (at(MONDAY, 7, 30), True),
        (at(MONDAY, 23, 59), True),
        (at(date(2025, 4, 4), 9), True),  # Friday
        (at(date(2025, 4, 5), 9), False),  # Saturday
        (at(date(2025, 4, 6), 9), False),  # Sunday
        # 22:40 UTC on Sunday is 07:40 on Monday in Tokyo: the chamber's clock decides.
        (datetime(2025, 3, 30, 22, 40, tzinfo=ZoneInfo("UTC")), True),
    ],
)
def test_the_digest_is_due_on_weekdays_from_the_configured_time(moment, due):
    assert schedule.is_due(moment) is due


def test_the_time_is_a_setting(settings):
    settings.BANSOU_DIGEST_AT = "09:15"
    assert not schedule.is_due(at(MONDAY, 9, 14))
    assert schedule.is_due(at(MONDAY, 9, 15))


def test_the_worker_enqueues_the_days_digests_once_and_nobody_gets_two(advisor_day, settings):
    settings.BANSOU_JOBS_BACKEND = "immediate"  # the task runs as it is enqueued
    advisor_day.email = "advisor@example.jp"
    advisor_day.save()
    worker = schedule.Schedule()
    assert worker.tick(at(MONDAY, 7, 0)) is False and mail.outbox == []
    assert worker.tick(at(MONDAY, 7, 30)) is True
    assert [m.to for m in mail.outbox] == [["advisor@example.jp"]]
    assert "販路開拓計画" in mail.outbox[0].body
    assert worker.tick(at(MONDAY, 7, 31)) is False  # enqueued for today already

    restarted = schedule.Schedule()  # a worker started again at noon runs the task again
    assert restarted.tick(at(MONDAY, 12, 0)) is True
    call_command("remind", "--org", "a", "--today", MONDAY.isoformat())  # and by hand
    assert len(mail.outbox) == 1
    assert list(DigestSent.objects.values_list("user", "day")) == [(advisor_day.pk, MONDAY)]

    assert restarted.tick(at(date(2025, 4, 1), 7, 45)) is True  # the next morning
    assert len(mail.outbox) == 2


def test_a_failed_mail_is_not_recorded_and_goes_at_the_next_run(advisor_day, settings):
    advisor_day.email = "advisor@example.jp"
    advisor_day.save()
    locmem = settings.MAILERS
    # A real SMTP connection to a port where nothing listens: the send fails.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    assert services.send_digests_of_day(MONDAY) == 0
    assert not DigestSent.objects.exists()
    settings.MAILERS = locmem
    assert services.send_digests_of_day(MONDAY) == 1
    assert [m.to for m in mail.outbox] == [["advisor@example.jp"]]
    assert DigestSent.objects.get().user == advisor_day


def test_the_settings_page_says_when_it_is_sent_and_when_it_last_went(advisor_day, client):
    advisor_day.email = "advisor@example.jp"
    advisor_day.save()
    services.send_digests_of_day(MONDAY)
    page = login(advisor_day).get(reverse("reminders:settings")).content.decode()
    assert "平日の毎朝 07:30 に送信します。" in page
    assert "最後の送信: 令和7年3月31日" in page


@pytest.mark.django_db(transaction=True)  # the worker's thread has its own connection
def test_the_workers_schedule_thread_sends_the_digest(advisor_day, settings):
    import threading

    import time_machine

    from bansou.jobs.management.commands.worker import _schedule_loop

    settings.BANSOU_JOBS_BACKEND = "immediate"
    advisor_day.email = "advisor@example.jp"
    advisor_day.save()
    stop = threading.Event()
    with time_machine.travel(at(MONDAY, 7, 45), tick=True):
        thread = threading.Thread(target=_schedule_loop, args=(stop,))
        thread.start()
        try:
            for _n in range(100):
                if DigestSent.objects.exists():
                    break
                stop.wait(0.1)
        finally:
            stop.set()
            thread.join(timeout=10)
    assert not thread.is_alive()
    assert [m.to for m in mail.outbox] == [["advisor@example.jp"]]
