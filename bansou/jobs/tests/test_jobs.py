"""Background jobs: the worker runs an import, a cancelled import writes nothing, a crashed
worker's job is failed, the page's queries are constant, a job is its starter's alone."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bansou.businesses.models import Business
from bansou.dataio import engine
from bansou.dataio.models import ImportJob, ImportStatus
from bansou.jobs import live, runner, services
from bansou.jobs.handlers import COMMITTEE_PDF, EXPORT, IMPORT_COMMIT
from bansou.jobs.models import Job, JobStatus
from bansou.testing import csv_bytes, login

pytestmark = pytest.mark.django_db

ROWS = [
    ["名称", "フリガナ", "業種", "従業員数"],
    ["青葉商店", "アオバショウテン", "小売業", "３"],
    ["芝食堂", "シバショクドウ", "飲食店", "5"],
    ["本町工業", "ホンチョウコウギョウ", "製造業", "12"],
]


def _upload(client) -> ImportJob:
    data = SimpleUploadedFile("register.csv", csv_bytes(ROWS, "cp932"))
    client.post(reverse("dataio:index"), {"kind": "businesses", "file": data})
    return ImportJob.objects.latest("pk")


def _check(client, import_job):
    mapping = {k: "" if v is None else v for k, v in import_job.mapping.items()}
    return client.post(reverse("dataio:mapping", args=[import_job.pk]), {**mapping, "check": "1"})


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_the_worker_checks_and_imports_a_file_from_the_browser(advisor_a, settings):
    settings.BANSOU_JOBS_BACKEND = "default"  # queued for the worker, not run in the request
    client = login(advisor_a)
    import_job = _upload(client)
    response = _check(client, import_job)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED and job.task_id
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page  # the page polls while the job waits

    call_command("worker", "--batch", "--interval", "0")
    job.refresh_from_db()
    import_job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert import_job.status == ImportStatus.VALID
    assert (job.rows_done, job.rows_total) == (3, 3)
    assert job.result_url == reverse("dataio:dry_run", args=[import_job.pk])

    response = client.post(reverse("dataio:commit", args=[import_job.pk]))
    commit = Job.objects.get(kind=IMPORT_COMMIT)
    assert response["Location"] == reverse("jobs:detail", args=[commit.pk])
    # While it waits, the import button is disabled and points at the job.
    page = client.get(reverse("dataio:dry_run", args=[import_job.pk])).content.decode()
    assert reverse("jobs:detail", args=[commit.pk]) in page
    assert not Business.objects.exists()
    call_command("worker", "--batch", "--interval", "0")
    commit.refresh_from_db()
    assert commit.status == JobStatus.SUCCEEDED, commit.message
    assert Business.objects.count() == 3
    page = client.get(reverse("jobs:detail", args=[commit.pk])).content.decode()
    assert "3行を取り込みました" in page and "every 1s" not in page


def test_a_second_start_of_the_same_work_is_refused(advisor_a, settings):
    settings.BANSOU_JOBS_BACKEND = "default"
    client = login(advisor_a)
    import_job = _upload(client)
    _check(client, import_job)
    _check(client, import_job)
    assert Job.objects.count() == 1


def test_a_cancelled_import_writes_nothing(advisor_a, settings, monkeypatch):
    client = login(advisor_a)
    import_job = _upload(client)
    _check(client, import_job)  # run in the request (immediate backend)
    import_job.refresh_from_db()
    assert import_job.status == ImportStatus.VALID
    settings.BANSOU_JOBS_BACKEND = "default"
    client.post(reverse("dataio:commit", args=[import_job.pk]))
    job = Job.objects.get(kind=IMPORT_COMMIT)
    # One row per batch: the user presses cancel once the first row is written.
    monkeypatch.setattr(engine, "BATCH_SIZE", 1)
    original = runner.Progress.update

    def update(self, done, total=None):
        if done >= 1:
            assert Business.objects.count() >= 1  # written inside the open transaction
            live.request_cancel(self.pk)
        original(self, done, total)

    monkeypatch.setattr(runner.Progress, "update", update)
    assert runner.run(job.pk) == JobStatus.CANCELLED
    job.refresh_from_db()
    import_job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.finished_at
    assert not Business.objects.exists()
    assert import_job.status == ImportStatus.VALID  # it can still be imported
    assert not live.cancel_requested(job.pk)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_cancelling_a_waiting_job_means_it_never_runs(advisor_a, settings):
    settings.BANSOU_JOBS_BACKEND = "default"
    client = login(advisor_a)
    import_job = _upload(client)
    _check(client, import_job)
    job = Job.objects.get()
    client.post(reverse("jobs:cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    call_command("worker", "--batch", "--interval", "0")
    import_job.refresh_from_db()
    assert import_job.status == ImportStatus.UPLOADED  # never checked


def _running(user, **fields) -> Job:
    return Job.objects.create(
        organization=user.organization,
        user=user,
        kind=IMPORT_COMMIT,
        title="取込",
        status=JobStatus.RUNNING,
        rows_total=100,
        **fields,
    )


def test_a_crashed_workers_job_is_reported_failed(advisor_a):
    long_ago = timezone.now() - timedelta(minutes=5)
    job = _running(advisor_a, started_at=long_ago, heartbeat_at=long_ago)
    page = login(advisor_a).get(reverse("jobs:progress", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at
    assert "作業プロセスが停止しました" in page
    assert "every 1s" not in page  # the page stops polling


def test_a_job_whose_worker_beats_stays_running_with_its_estimate(advisor_a):
    started = timezone.now() - timedelta(seconds=30)
    job = _running(advisor_a, started_at=started, heartbeat_at=started)
    live.write(job.pk, 25, 100)  # the worker's last sign of life: just now
    try:
        view = services.view(job)
    finally:
        live.clear(job.pk)
    assert job.status == JobStatus.RUNNING
    assert (view.done, view.total, view.percent) == (25, 100, 25)
    assert 80 <= view.seconds_left <= 100  # 30 s for 25 rows: about 90 s for 75 more


@pytest.mark.parametrize(
    ("kind", "done", "total", "text"),
    [
        (IMPORT_COMMIT, 3, 6, "6行中 3行 (50%)"),
        (IMPORT_COMMIT, 4, 0, "4行"),
        (COMMITTEE_PDF, 1, 2, "全2工程中 1工程 (50%)"),
        ("reminders.letters", 12, 40, "40通中 12通 (30%)"),
        (COMMITTEE_PDF, 0, 0, ""),
    ],
)
def test_the_progress_counts_in_the_jobs_unit(advisor_a, kind, done, total, text):
    job = Job.objects.create(
        organization=advisor_a.organization,
        user=advisor_a,
        kind=kind,
        title="処理",
        status=JobStatus.CANCELLED,  # ended: the counts are the job's own, not the live file's
        rows_done=done,
        rows_total=total,
    )
    page = login(advisor_a).get(reverse("jobs:progress", args=[job.pk])).content.decode()
    counts = page.split('<p class="job-counts">')[1].split("</p>")[0]
    assert " ".join(counts.split()) == text


def test_the_job_list_counts_in_each_jobs_unit(advisor_a):
    for kind, done, total in [(IMPORT_COMMIT, 6, 6), (COMMITTEE_PDF, 2, 2)]:
        Job.objects.create(
            organization=advisor_a.organization,
            user=advisor_a,
            kind=kind,
            title=kind,
            status=JobStatus.SUCCEEDED,
            rows_done=done,
            rows_total=total,
        )
    page = login(advisor_a).get(reverse("jobs:list")).content.decode()
    assert "6行中 6行" in page and "全2工程中 2工程" in page and "2行" not in page


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_the_worker_fails_stale_jobs_as_it_starts(advisor_a):
    long_ago = timezone.now() - timedelta(minutes=5)
    job = _running(advisor_a, started_at=long_ago, heartbeat_at=long_ago)
    call_command("worker", "--batch", "--interval", "0")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_the_job_page_has_a_constant_number_of_queries(advisor_a, django_assert_max_num_queries):
    client = login(advisor_a)
    for _n in range(5):
        _running(advisor_a, started_at=timezone.now(), heartbeat_at=timezone.now())
        job = Job.objects.latest("pk")
        with django_assert_max_num_queries(12):
            assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(reverse("jobs:progress", args=[job.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("jobs:list")).status_code == 200


def test_a_large_export_is_made_in_the_background_and_downloaded(advisor_a, business_a):
    client = login(advisor_a)
    response = client.post(reverse("jobs:start_export", args=["businesses"]), {"format": "csv"})
    job = Job.objects.get(kind=EXPORT)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED and job.rows_done == 1
    download = client.get(reverse("jobs:download", args=[job.pk]))
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert business_a.name in body


def test_a_job_is_its_starters_alone(advisor_a, lead_advisor_a, business_a):
    login(advisor_a).post(reverse("jobs:start_export", args=["businesses"]), {"format": "csv"})
    job = Job.objects.get()
    other = login(lead_advisor_a)
    assert other.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 404
