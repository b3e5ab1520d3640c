"""`bansou import` and `bansou export` for scripted migrations: exit codes, errors, files."""

import csv
import io
import os
import subprocess
import sys

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bansou.businesses.models import Business
from bansou.dataio.models import ImportJob
from bansou.testing import csv_bytes

pytestmark = pytest.mark.django_db

GOOD = [
    ["名称", "フリガナ", "業種", "従業員数", "設立日"],
    ["青葉商店", "アオバショウテン", "小売業", "3", "R2.4.1"],
]
BAD = [*GOOD, ["芝食堂", "シバ", "飲食店", "三人", "R2.4.31"]]


def run_import(*args):
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_each_problem_and_fails_having_written_nothing(chamber_a, write_file):
    path = write_file(BAD, encoding="cp932")
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 problems"):
        call_command("import", "businesses", str(path), "--org", "a", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split("\t")[:2] for line in lines] == [["3", "従業員数 (D)"], ["3", "設立日 (E)"]]
    assert "存在しない日付" in lines[1]
    assert not Business.objects.exists()


def test_import_without_problems_writes_and_records_a_job(chamber_a, advisor_a, write_file):
    path = write_file(GOOD)
    assert "dry run, nothing written" in run_import(
        "businesses", str(path), "--org", "a", "--dry-run"
    )
    assert not Business.objects.exists()
    out = run_import("businesses", str(path), "--org", "a", "--user", advisor_a.username)
    assert "imported" in out and "1 new" in out
    job = ImportJob.objects.get()
    assert job.user == advisor_a and job.created_count == 1 and job.is_committed


def test_a_file_with_problems_is_refused_without_dry_run_too(chamber_a, write_file):
    with pytest.raises(CommandError):
        run_import("businesses", str(write_file(BAD)), "--org", "a")
    assert not Business.objects.exists() and not ImportJob.objects.exists()


@pytest.mark.django_db(False)
def test_exit_status_from_the_shell(tmp_path):
    """The real command line in a new process, on its own database: 1 on problems, else 0."""
    env = {
        "BANSOU_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "bansou.settings",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    if os.environ.get("DATABASE_URL"):
        pytest.skip("runs on its own SQLite database")

    def bansou(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "bansou.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert bansou("migrate", "--no-input").returncode == 0
    create = (
        "from bansou.organizations.models import Organization as O; "
        "O.objects.create(name='x', slug='x', kind='cci')"
    )
    assert bansou("shell", "-c", create).returncode == 0
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(csv_bytes(BAD, "cp932"))
    good.write_bytes(csv_bytes(GOOD, "cp932"))
    refused = bansou("import", "businesses", str(bad), "--dry-run")
    assert refused.returncode == 1
    assert refused.stdout.splitlines()[0].startswith("3\t従業員数 (D)\t")
    assert bansou("import", "businesses", str(good)).returncode == 0
    exported = bansou("export", "businesses", "--format", "csv")
    assert exported.returncode == 0 and "青葉商店" in exported.stdout


def test_column_overrides_and_unknown_kind(chamber_a, write_file):
    path = write_file([["氏名", "よみ", "業種"], ["青葉商店", "アオバ", "小売業"]])
    run_import(
        "businesses", str(path), "--org", "a", "--column", "name=氏名", "--column", "name_kana=B"
    )
    assert Business.objects.get().name_kana == "アオバ"
    with pytest.raises(CommandError, match="unknown kind"):
        run_import("nothing", str(path), "--org", "a")


def test_export_csv_and_xlsx(chamber_a, business_a, chamber_b, business_b, tmp_path):
    csv_path, xlsx_path, sjis_path = tmp_path / "b.csv", tmp_path / "b.xlsx", tmp_path / "s.csv"
    call_command(
        "export",
        "businesses",
        "--org",
        "a",
        "--format",
        "csv",
        "--output",
        str(csv_path),
        stderr=io.StringIO(),
    )
    text = csv_path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["ID", "名称"] and rows[1][1] == business_a.name
    assert business_b.name not in text
    call_command(
        "export",
        "businesses",
        "--org",
        "a",
        "--format",
        "csv",
        "--encoding",
        "cp932",
        "--output",
        str(sjis_path),
        stderr=io.StringIO(),
    )
    assert business_a.name in sjis_path.read_bytes().decode("cp932")
    call_command(
        "export",
        "businesses",
        "--org",
        "a",
        "--format",
        "xlsx",
        "--dates",
        "western",
        "--output",
        str(xlsx_path),
        stderr=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert sheet["B2"].value == business_a.name and sheet.freeze_panes == "A2"
    with pytest.raises(CommandError, match="more than one organization"):
        call_command("export", "businesses", "--format", "csv", "--output", str(csv_path))


def test_an_exported_file_imports_back_unchanged(chamber_a, business_a, district_a, tmp_path):
    path = tmp_path / "b.xlsx"
    call_command(
        "export",
        "businesses",
        "--org",
        "a",
        "--format",
        "xlsx",
        "--output",
        str(path),
        stderr=io.StringIO(),
    )
    out = run_import("businesses", str(path), "--org", "a")
    assert "1 unchanged" in out
    assert Business.objects.count() == 1


@pytest.mark.parametrize(
    "code",
    [
        "businesses",
        "support_records",
        "analyses",
        "business_plans",
        "financial_statements",
        "events",
        "event_participants",
    ],
)
def test_every_list_exports_from_the_command_line(code, chamber_a, business_a, tmp_path):
    path = tmp_path / f"{code}.xlsx"
    call_command("export", code, "--org", "a", "--output", str(path), stderr=io.StringIO())
    header = next(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert header[0] and all(isinstance(title, str) for title in header)
    csv_path = tmp_path / f"{code}.csv"
    call_command(
        "export",
        code,
        "--org",
        "a",
        "--format",
        "csv",
        "--encoding",
        "cp932",
        "--output",
        str(csv_path),
        stderr=io.StringIO(),
    )
    assert csv_path.read_bytes().decode("cp932").splitlines()[0] == ",".join(header)


def test_a_history_template_from_the_command_line_imports(chamber_a, advisor_a, tmp_path):
    from bansou.motivation.models import MotivationCheck

    path = tmp_path / "checks.xlsx"
    call_command(
        "import_template", "motivation_checks", "--output", str(path), stdout=io.StringIO()
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problems"):
        call_command(
            "import",
            "motivation_checks",
            str(path),
            "--org",
            "a",
            "--user",
            "advisor-a",
            stdout=out,
        )
    assert "businesses not in the register: 株式会社青葉鋳工所 (row 2)" in out.getvalue()
    out = run_import(
        "motivation_checks",
        str(path),
        "--org",
        "a",
        "--user",
        advisor_a.username,
        "--create-missing-businesses",
    )
    assert "1 new" in out and "created with the import: 株式会社青葉鋳工所" in out
    assert MotivationCheck.objects.get().business.name == "株式会社青葉鋳工所"


def test_an_unknown_template_kind_is_refused(tmp_path):
    with pytest.raises(CommandError, match="unknown kind"):
        call_command("import_template", "nothing", "--output", str(tmp_path / "x.xlsx"))
