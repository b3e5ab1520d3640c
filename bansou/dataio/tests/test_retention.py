"""Uploads never imported are deleted with their jobs after the retention period; history stays."""

import os
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from bansou.audit.models import AuditEntry
from bansou.dataio import retention, services
from bansou.dataio.models import ImportJob, ImportStatus, imports_dir
from bansou.dataio.registry import get_import_kind
from bansou.testing import csv_bytes

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
UPLOADED = datetime(2024, 5, 1, 10, 0, tzinfo=TOKYO)
ROWS = [["名称", "フリガナ", "業種"], ["青葉商店", "アオバショウテン", "小売業"]]


@pytest.fixture(autouse=True)
def own_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.BANSOU_IMPORT_RETENTION_DAYS = 14


def upload(user, name="register.csv", *, check=False) -> ImportJob:
    data = SimpleUploadedFile(name, csv_bytes(ROWS, "cp932"))
    job = services.create_job(kind=get_import_kind("businesses"), upload=data, user=user)
    if check:
        services.check_job(job)
    return job


def age(path, moment: datetime) -> None:
    """Give a file the modification time it would have had (the clock is travelled, disks not)."""
    os.utime(path, (moment.timestamp(), moment.timestamp()))


def later(days: float):
    return time_machine.travel(UPLOADED + timedelta(days=days), tick=False)


@pytest.fixture
def uploads(advisor_a, advisor_b):
    """At UPLOADED: an upload left at the mapping, one checked, one committed; chamber B's."""
    with time_machine.travel(UPLOADED, tick=False):
        mapping = upload(advisor_a, "mapping.csv")
        checked = upload(advisor_a, "checked.csv", check=True)
        committed = upload(advisor_a, "committed.csv", check=True)
        services.commit_job(committed, actor=advisor_a)
        other = upload(advisor_b, "other.csv")
    for job in (mapping, checked, committed, other):
        for path in (job.path, job.problems_path):
            if path.exists():
                age(path, UPLOADED)
    return mapping, checked, committed, other


def test_stale_uploads_and_their_jobs_go_committed_jobs_stay(
    uploads, django_capture_on_commit_callbacks
):
    mapping, checked, committed, other = uploads
    assert checked.problems_path.exists() and committed.problems_path.exists()
    with later(15), django_capture_on_commit_callbacks(execute=True):
        report = retention.purge_imports()
    assert {job.pk for job in report.jobs} == {mapping.pk, checked.pk, other.pk}
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [committed.pk]
    for job in (mapping, checked, other):
        assert not job.path.exists() and not job.problems_path.exists()
    # The committed import keeps its row; its upload went on commit, its problem list now.
    assert ImportJob.objects.get().status == ImportStatus.COMMITTED
    assert not committed.path.exists() and not committed.problems_path.exists()
    assert committed.problems_path in report.files


def test_each_purged_job_gets_an_audit_entry_in_its_chamber(uploads, chamber_b):
    mapping, _checked, _committed, other = uploads
    with later(15):
        retention.purge_imports()
    entries = AuditEntry.objects.filter(action="dataio.import.purged")
    assert entries.count() == 3
    entry = entries.get(target_id=other.pk)
    assert entry.organization_id == chamber_b.pk and entry.actor is None
    assert entry.target_type == "dataio.importjob" and "other.csv" in entry.target_repr
    assert entry.changes["retention"]["new"] == 14


def test_jobs_within_the_retention_period_stay(uploads):
    with later(13.9):
        assert retention.purge_imports().jobs == []
    assert ImportJob.objects.count() == 4
    assert all(job.path.exists() for job in uploads if not job.is_committed)


def test_a_recent_check_keeps_an_old_upload(advisor_a, uploads):
    _mapping, checked, _committed, _other = uploads
    with later(10):
        services.check_job(ImportJob.objects.get(pk=checked.pk))
    with later(15):
        purged = {job.pk for job in retention.purge_imports().jobs}
    assert checked.pk not in purged
    assert ImportJob.objects.filter(pk=checked.pk).exists()


def test_a_new_upload_purges_stale_jobs(advisor_a, uploads, django_capture_on_commit_callbacks):
    mapping, checked, committed, other = uploads
    with later(15), django_capture_on_commit_callbacks(execute=True):
        fresh = upload(advisor_a, "fresh.csv")
    assert set(ImportJob.objects.values_list("pk", flat=True)) == {committed.pk, fresh.pk}
    assert not mapping.path.exists() and fresh.path.exists()


def test_the_check_on_upload_costs_one_query_when_nothing_is_stale(
    uploads, django_assert_num_queries
):
    with later(1), django_assert_num_queries(1):
        assert retention.purge_stale_jobs().jobs == []


def test_dry_run_lists_and_deletes_nothing(uploads):
    with later(15):
        report = retention.purge_imports(dry_run=True)
    assert len(report.jobs) == 3
    assert ImportJob.objects.count() == 4
    assert all(path.exists() for path in report.files)
    assert not AuditEntry.objects.filter(action="dataio.import.purged").exists()


def test_files_of_no_job_go_others_stay(uploads):
    orphan = imports_dir() / str(uuid.uuid4())
    orphan.write_bytes(b"x")
    age(orphan, UPLOADED)
    unrelated = imports_dir() / "README"
    unrelated.write_text("not an upload")
    age(unrelated, UPLOADED)
    with later(15):
        report = retention.purge_imports()
    assert orphan in report.files and not orphan.exists()
    assert unrelated.exists()


def test_command_days_and_dry_run(uploads, capsys):
    with later(5):
        call_command("purge_imports", "--days", "3", "--dry-run")
        out = capsys.readouterr()
        assert "would delete job" in out.out and "mapping.csv" in out.out
        assert ImportJob.objects.count() == 4
        call_command("purge_imports", "--days", "7")
        assert ImportJob.objects.count() == 4  # five days old: kept with 7 days
        call_command("purge_imports", "--days", "3")
        out = capsys.readouterr()
    assert "deleted job" in out.out and "3 job(s)" in out.err
    assert ImportJob.objects.count() == 1


def test_the_setting_is_the_default(settings, uploads):
    settings.BANSOU_IMPORT_RETENTION_DAYS = 30
    with later(15):
        assert retention.purge_imports().jobs == []
    with later(31):
        assert len(retention.purge_imports().jobs) == 3
