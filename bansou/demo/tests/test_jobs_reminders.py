"""The demo's reminders and background jobs: `bansou remind --dry-run` prints a digest for the
demo advisors, the letters page has overdue plans by e-mail and by post, and the advisor finds a
finished import check and a finished download on バックグラウンド処理."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bansou.accounts.models import Role, User
from bansou.businesses.models import Business
from bansou.dataio.models import ImportJob, ImportStatus
from bansou.demo.living import load_living
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.tests.conftest import build_demo_chamber
from bansou.jobs.demo import MEMBER_ROWS, load_jobs_demo
from bansou.jobs.models import Job, JobStatus
from bansou.reminders import digest
from bansou.reminders.demo import NO_DIGEST_USER, NO_EMAIL_USER, load_reminders_demo
from bansou.reminders.letters import overdue_letters
from bansou.reminders.models import ReminderSetting
from bansou.testing import login, make_user

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 11)  # a Wednesday
TOKYO = ZoneInfo("Asia/Tokyo")
MORNING = datetime(2025, 6, 11, 9, 0, tzinfo=TOKYO)
SEED = 7


@pytest.fixture
def chamber():
    organization = build_demo_chamber(businesses=4000)
    make_user(organization, Role.ADMIN, "kawaguchi-admin")
    for username in (NO_DIGEST_USER, NO_EMAIL_USER):
        make_user(organization, Role.ADVISOR, username)
    load_kawaguchi_demo(organization)
    load_living(organization, today=TODAY, seed=SEED, records_per_year=300)
    load_reminders_demo(organization, seed=SEED)
    load_jobs_demo(organization, today=TODAY, seed=SEED)
    return organization


def test_remind_dry_run_prints_the_demo_advisors_digests_and_sends_nothing(chamber):
    out = io.StringIO()
    call_command("remind", org="kawaguchi", dry_run=True, today=TODAY, stdout=out)
    text = out.getvalue()
    assert not mail.outbox
    blocks = {b.split(" ", 1)[0]: b for b in text.split("== ")[1:]}
    advisor = User.objects.get(username="kawaguchi-advisor")
    main = blocks["kawaguchi-advisor"]
    assert "kawaguchi-advisor@example.jp に送信します（試行）" in main
    assert "件名:" in main
    expected = digest.build(advisor, TODAY)
    overdue = expected.section("follow_ups_overdue")
    assert overdue.total >= 1  # the demo advisor has overdue follow-ups
    for _day, business_name, _detail in overdue.items:
        assert business_name in main
    assert "「受け取らない」" in blocks[NO_DIGEST_USER]
    assert "件名:" not in blocks[NO_DIGEST_USER]
    # No address: the digest is shown, with why it cannot be sent.
    assert "件名:" in blocks[NO_EMAIL_USER] and "@example.jp" not in blocks[NO_EMAIL_USER]
    assert set(ReminderSetting.objects.values_list("user__username", "digest")) == {
        ("kawaguchi-advisor", "email"),
        ("kawaguchi-lead", "email"),
        (NO_DIGEST_USER, "none"),
    }


def test_the_letters_for_overdue_plans_go_by_email_and_by_post(chamber, client):
    advisor = User.objects.get(username="kawaguchi-advisor")
    letters = overdue_letters(advisor, TODAY)
    by_email = [letter for letter in letters if letter.email]
    assert by_email and len(by_email) < len(letters)
    assert all(letter.email.endswith("@example.jp") for letter in by_email)
    with time_machine.travel(MORNING, tick=False):
        page = login(advisor).get(reverse("reminders:letters"))
    assert page.status_code == 200
    assert letters[0].plan.business.name in page.content.decode()


def test_the_advisor_finds_a_finished_check_and_a_finished_download(chamber):
    advisor = User.objects.get(username="kawaguchi-advisor")
    jobs = list(Job.objects.for_user(advisor).order_by("created_at"))
    assert [job.kind for job in jobs] == ["dataio.check", "dataio.export"]
    assert all(job.status == JobStatus.SUCCEEDED for job in jobs), [j.message for j in jobs]
    day_before = date(2025, 6, 10)
    assert {timezone.localtime(job.finished_at).date() for job in jobs} == {day_before}
    check, export = jobs
    import_job = ImportJob.objects.get(pk=check.params["import_job"])
    assert import_job.status == ImportStatus.INVALID
    assert (import_job.total_rows, import_job.error_count) == (MEMBER_ROWS, 2)
    assert (check.rows_done, check.rows_total) == (MEMBER_ROWS, MEMBER_ROWS)

    client = login(advisor)
    page = client.get(reverse("jobs:list")).content.decode()
    assert check.title in page and export.title in page
    assert client.get(check.result_url).status_code == 200  # the dry run, two rows to fix
    response = client.get(reverse("jobs:download", args=[export.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("cp932"))))
    registered = Business.objects.filter(organization=chamber).count()
    assert len(rows) == registered + 1 == export.rows_done + 1
    admin = User.objects.get(username="kawaguchi-admin")
    assert Job.objects.for_user(admin).get().kind == "dataio.export"


def test_the_same_seed_gives_the_same_addresses(chamber):
    def addresses():
        return sorted(Business.objects.exclude(email="").values_list("name", "email", named=False))

    first = addresses()
    assert first
    Business.objects.update(email="")
    ReminderSetting.objects.all().delete()
    load_reminders_demo(chamber, seed=SEED)
    assert addresses() == first
    assert User.objects.get(username=NO_EMAIL_USER).email == ""
