"""Every download of personal data leaves an entry: who, what, how many rows, which filters."""

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.dataio.registry import export_kinds
from bansou.support.tests.factories import make_record
from bansou.testing import csv_rows, download, login, xlsx_rows

# Each list's download (no URL arguments); the admin may read every one of them.
LIST_EXPORTS = [
    "businesses:export",
    "support:export",
    "support:search_export",
    "motivation:export",
    "analysis:export",
    "business_plans:export",
    "followups:export",
    "events:export",
    "committee:meeting_export",
    "dataio:jobs_export",
    "audit:export",
]


@pytest.fixture
def records(business_a, advisor_a):
    make_record(business_a, advisor_a)
    make_record(business_a, advisor_a, support="二回目の相談")


def _export_entry() -> AuditEntry:
    return AuditEntry.objects.filter(action__endswith=".exported").get()


@pytest.mark.parametrize("name", LIST_EXPORTS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_list_download_is_logged(records, admin_a, name, file_format):
    client = login(admin_a)
    content = download(client, reverse(name), format=file_format, marker="x")
    rows = csv_rows(content) if file_format == "csv" else xlsx_rows(content)
    entry = _export_entry()
    assert entry.actor == admin_a
    assert entry.organization_id == admin_a.organization_id
    assert entry.changes["format"] == file_format
    assert entry.changes["rows"] == len(rows) - 1
    assert entry.changes["filters"]["marker"] == "x"
    assert entry.ip_address == "127.0.0.1"


def test_a_filtered_download_counts_what_it_sent(records, business_a, admin_a):
    client = login(admin_a)
    download(client, reverse("businesses:export"), format="csv", q="存在しない名前")
    entry = _export_entry()
    assert entry.action == "businesses.business.exported"
    assert entry.changes["rows"] == 0
    assert entry.changes["filters"] == {"format": "csv", "q": "存在しない名前"}


@pytest.mark.parametrize("kind", [k.code for k in export_kinds()])
def test_the_data_page_downloads_are_logged(records, admin_a, kind):
    content = download(login(admin_a), reverse("dataio:export", args=[kind]), format="csv")
    entry = _export_entry()
    assert entry.changes["rows"] == len(csv_rows(content)) - 1
    assert entry.actor == admin_a


@pytest.mark.parametrize("kind", ["businesses", "support_records"])
def test_a_command_line_export_is_logged_without_a_user(records, chamber_a, tmp_path, kind):
    output = tmp_path / "out.csv"
    call_command("export", kind, "--org", chamber_a.slug, "--format", "csv", "--output", output)
    entry = _export_entry()
    assert entry.actor is None and entry.ip_address is None
    assert entry.organization_id == chamber_a.pk
    assert entry.changes["via"] == "command line"
    assert entry.changes["rows"] == len(csv_rows(output.read_bytes())) - 1


@pytest.mark.django_db(transaction=True)  # the SQLite backup reads through a connection of its own
def test_a_backup_is_logged_as_an_operator_event(chamber_a, tmp_path):
    call_command("backup", "--output", str(tmp_path / "backup.sqlite3"))
    entry = AuditEntry.objects.get(action="dataio.backup.exported")
    assert entry.organization is None and entry.actor is None
    assert entry.changes["via"] == "command line"


def test_a_diagnosis_report_pdf_is_logged(business_a, advisor_a):
    from bansou.analysis.tests.factories import make_analysis

    analysis = make_analysis(business_a, advisor_a)
    response = login(advisor_a).get(reverse("analysis:report_pdf", args=[analysis.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="analysis.businessanalysis.exported")
    assert entry.target_id == analysis.pk and entry.actor == advisor_a
    assert entry.changes["document"] == "diagnosis report"


@time_machine.travel("2025-04-01T10:00:00+09:00", tick=False)
def test_a_report_request_letter_is_logged(business_a, advisor_a):
    from datetime import date

    from bansou.business_plans.tests.factories import make_completed_plan

    plan = make_completed_plan(business_a, advisor_a, completed_on=date(2024, 9, 30))
    response = login(advisor_a).get(reverse("followups:reminder", kwargs={"plan_pk": plan.pk}))
    assert "ご報告のお願い" in response.content.decode()
    entry = AuditEntry.objects.get(action="business_plans.businessplan.exported")
    assert entry.target_id == plan.pk and entry.actor == advisor_a
    assert entry.changes["document"] == "report request letter"
