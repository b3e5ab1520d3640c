"""The committee's report PDF as a background job: the worker draws it, its starter downloads
it from the job's page; nobody else sees the job or its file."""

import subprocess
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.urls import reverse

from bansou.accounts.models import Role
from bansou.committee.tests.conftest import make_meeting
from bansou.committee.tests.plans import build_seed_plan
from bansou.jobs.handlers import COMMITTEE_PDF
from bansou.jobs.models import Job, JobStatus
from bansou.testing import login, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection


@pytest.fixture
def lead(chamber_a):
    return make_user(chamber_a, Role.LEAD_ADVISOR, "lead-a")


@pytest.fixture
def meeting(chamber_a, lead):
    return make_meeting(build_seed_plan(chamber_a, lead), lead)


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return "".join(text.split())


def test_the_worker_draws_the_pdf_and_its_starter_downloads_it(meeting, lead, settings, tmp_path):
    settings.BANSOU_JOBS_BACKEND = "default"
    client = login(lead)
    response = client.post(reverse("jobs:committee_pdf", args=[meeting.pk]))
    job = Job.objects.get(kind=COMMITTEE_PDF)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED and job.user == lead
    # A second click while it waits starts nothing new.
    again = client.post(reverse("jobs:committee_pdf", args=[meeting.pk]), follow=True)
    assert Job.objects.count() == 1
    assert "この処理はすでに実行中です" in again.content.decode()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404  # no file yet

    call_command("worker", "--batch", "--interval", "0")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert (job.rows_done, job.rows_total) == (2, 2)
    assert job.result_name == "評価委員会報告-令和6年度-下書き.pdf"
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page and "every 1s" not in page
    response = client.get(reverse("jobs:download", args=[job.pk]))
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert quote("評価委員会報告-令和6年度-下書き.pdf") in response["Content-Disposition"]
    assert "経営発達支援事業評価委員会報告" in _pdf_text(content, tmp_path)


def test_only_the_starter_sees_the_job_and_its_file(
    meeting, lead, committee_a, advisor_a, advisor_b, settings
):
    settings.BANSOU_JOBS_BACKEND = "immediate"  # drawn within the request
    login(lead).post(reverse("jobs:committee_pdf", args=[meeting.pk]))
    job = Job.objects.get(kind=COMMITTEE_PDF)
    assert job.status == JobStatus.SUCCEEDED and job.result_file
    for other in (committee_a, advisor_a, advisor_b):
        client = login(other)
        for name in ("jobs:detail", "jobs:progress", "jobs:download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (other, name)
        assert job.title not in client.get(reverse("jobs:list")).content.decode()
    # Another chamber cannot start a PDF of this meeting either.
    response = login(advisor_b).post(reverse("jobs:committee_pdf", args=[meeting.pk]))
    assert response.status_code == 404
    assert Job.objects.count() == 1
    # A reader of the chamber starts their own job, with their own file.
    login(committee_a).post(reverse("jobs:committee_pdf", args=[meeting.pk]))
    assert Job.objects.filter(user=committee_a, status=JobStatus.SUCCEEDED).count() == 1
