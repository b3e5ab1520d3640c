"""The monthly meeting pack drawn in the background: the same PDF as the dashboard's download."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from bansou.accounts.models import Role
from bansou.committee.tests.plans import build_seed_plan
from bansou.jobs.handlers import MEETING_PACK
from bansou.jobs.models import Job, JobStatus
from bansou.jobs.tests.test_committee_pdf import _pdf_text
from bansou.testing import login, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection

URL = reverse("jobs:meeting_pack") + "?fy=2024&month=3"


@pytest.fixture
def lead(chamber_a):
    return make_user(chamber_a, Role.LEAD_ADVISOR, "lead-a")


def test_the_worker_draws_the_pack_of_the_chosen_month(chamber_a, lead, settings, tmp_path):
    build_seed_plan(chamber_a, lead)
    settings.BANSOU_JOBS_BACKEND = "default"
    client = login(lead)
    response = client.post(URL)
    job = Job.objects.get(kind=MEETING_PACK)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.params["fiscal_year"] == 2024 and job.params["as_of"] == "2025-03-31"
    assert job.title == "月次進捗会議資料：令和6年度（令和7年3月31日時点）"
    # A second click while it waits starts nothing new.
    again = client.post(URL, follow=True)
    assert Job.objects.count() == 1
    assert "この処理はすでに実行中です" in again.content.decode()

    call_command("worker", "--batch", "--interval", "0")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert (job.rows_done, job.rows_total) == (2, 2)
    assert job.result_name == "月次進捗会議資料-令和6年度-20250331.pdf"
    content = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    text = _pdf_text(content, tmp_path)
    assert "月次進捗会議資料" in text and "経営分析件数" in text
    # The dashboard offers it beside the direct download.
    page = client.get(reverse("dashboard:index") + "?fy=2024&month=3").content.decode()
    assert reverse("jobs:meeting_pack") in page


def test_a_year_without_a_plan_says_so_and_starts_nothing(chamber_a, lead, settings):
    settings.BANSOU_JOBS_BACKEND = "immediate"
    response = login(lead).post(URL, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("dashboard:index"))
    assert not Job.objects.exists()
    assert "計画" in response.content.decode()
